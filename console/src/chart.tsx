/**
 * An ECharts chart as a Preact component. Only the chart types and parts the console uses are
 * registered, which keeps ECharts' share of the bundle small.
 */
import { BarChart, CustomChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'preact/hooks';

echarts.use([
  BarChart,
  LineChart,
  CustomChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

export const PALETTE = {
  triggers: '#94a3b8',
  push: '#0f766e',
  holdout: '#f59e0b',
  opened: '#2563eb',
  redeemed: '#db2777',
};

export function Chart({
  option,
  height = 280,
  label,
}: {
  option: ChartOption;
  height?: number;
  label: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | undefined>(undefined);
  useEffect(() => {
    const div = host.current!;
    chart.current = echarts.init(div);
    const resize = new ResizeObserver(() => chart.current?.resize());
    resize.observe(div);
    return () => {
      resize.disconnect();
      chart.current?.dispose();
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);
  return <div ref={host} class="chart" style={{ height: `${height}px` }} role="img" aria-label={label} />;
}
