export default definePageConfig({ navigationBarTitleText: '无诈创建（镇）' })
