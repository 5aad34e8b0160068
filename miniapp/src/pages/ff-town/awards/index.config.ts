export default definePageConfig({ navigationBarTitleText: '称号管理' })
