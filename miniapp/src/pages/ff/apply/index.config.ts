export default definePageConfig({ navigationBarTitleText: '创建申报' })
