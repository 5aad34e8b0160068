export default definePageConfig({ navigationBarTitleText: '信息管理' })
