export default definePageConfig({ navigationBarTitleText: '承诺书范本' })
