export default definePageConfig({ navigationBarTitleText: '我的创建指标' })
