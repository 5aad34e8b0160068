// One chart: taro-react-echarts draws on <canvas type="2d"> in WeChat and on a <div> in H5.
import Echarts from 'taro-react-echarts'
import echarts from './echarts'
import type { ChartOption } from './charts'

export function Chart({ option, height = 260, className }: { option: ChartOption; height?: number; className?: string }) {
  return (
    <Echarts
      echarts={echarts}
      // the package's types name the old echarts 4 option type; our options are plain objects
      option={option as never}
      className={className}
      style={{ height: `${height}px` }}
    />
  )
}
