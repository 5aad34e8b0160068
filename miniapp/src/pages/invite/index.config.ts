export default definePageConfig({ navigationBarTitleText: '邀请', enableShareAppMessage: true })
