export default definePageConfig({ navigationBarTitleText: '登记微信群', enableShareAppMessage: true })
