export default definePageConfig({ navigationBarTitleText: '核验承诺书' })
