export default definePageConfig({ navigationBarTitleText: '基层反馈' })
