// Reports and charts of a profile, a sweep and a comparison: HTML (self-contained), CSV (per layer), Markdown, and the
// SVG chart builders the webviews share. Pure TS: callers write the strings where they like.
export { CHART_CSS, sweepChart, rooflineChart, stackedBreakdown, compareChart, compact } from './charts';
export type { ChartOptions, SweepChartData, SweepChartPoint, RooflineData, RooflinePoint, BreakdownData, CompareChartData } from './charts';
export { sweepChartData, rooflineData, breakdownData, compareChartData, runsByStage, adviceText, layerDdrBytes, ddrBytesDuringLayer, type AblationEntry } from './data';
export { renderCsv, renderSweepCsv, renderCompareCsv, csvField, LAYER_COLUMNS } from './csv';
export { renderMarkdown, renderSweepMarkdown, renderCompareMarkdown, mdText, type ReportOptions } from './markdown';
export { renderHtmlReport, renderSweepHtml, renderCompareHtml } from './html';
export { esc } from './svg';
