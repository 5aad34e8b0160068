export default definePageConfig({ navigationBarTitleText: '转发任务', enableShareAppMessage: true })
