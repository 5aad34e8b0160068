export default definePageConfig({ navigationBarTitleText: '红黄绿预警' })
