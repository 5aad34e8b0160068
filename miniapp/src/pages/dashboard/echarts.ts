// A minimal ECharts build: bar and pie charts on the canvas renderer (the full library would not fit
// WeChat's 2 MB package limit). Import charts only through here.
import * as echarts from 'echarts/core'
import { BarChart, LineChart, PieChart } from 'echarts/charts'
import { GridComponent, LegendComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

echarts.use([BarChart, PieChart, GridComponent, LegendComponent, CanvasRenderer])
// the quiz statistics' weekly trend
echarts.use([LineChart])

export default echarts
