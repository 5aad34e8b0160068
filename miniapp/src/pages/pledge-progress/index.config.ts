export default definePageConfig({ navigationBarTitleText: '签署进度', enableShareAppMessage: true })
