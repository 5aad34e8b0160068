export default definePageConfig({ navigationBarTitleText: '反诈提醒', enableShareAppMessage: true })
