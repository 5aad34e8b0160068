export default definePageConfig({ navigationBarTitleText: '无诈', enableShareAppMessage: true })
