export default definePageConfig({ navigationBarTitleText: '发案数填报' })
