package io.resx.perf.compare;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** PNG charts of a compare run (JFreeChart, headless). */
final class Charts
{
    private static final int WIDTH = 900;
    private static final int HEIGHT = 500;

    private Charts()
    {
    }

    /**
     * @param file     PNG to write.
     * @param title    chart title.
     * @param perRound per engine, commands/s of each measured round.
     * @throws IOException when it cannot be written.
     */
    static void throughput(final Path file, final String title, final Map<String, List<Double>> perRound)
        throws IOException
    {
        final XYSeriesCollection data = new XYSeriesCollection();
        perRound.forEach((engine, rounds) ->
        {
            final XYSeries series = new XYSeries(engine);
            for (int i = 0; i < rounds.size(); i++)
            {
                series.add(i + 1, rounds.get(i) / 1e6);
            }
            data.addSeries(series);
        });
        final JFreeChart chart = ChartFactory.createXYLineChart(title, "round", "million commands/s", data,
            PlotOrientation.VERTICAL, true, false, false);
        write(file, chart);
    }

    /**
     * @param file   PNG to write.
     * @param title  chart title.
     * @param ratios per pair ("A / B"), the ratio of their commands/s in each alternating round.
     * @throws IOException when it cannot be written.
     */
    static void ratios(final Path file, final String title, final Map<String, List<Double>> ratios)
        throws IOException
    {
        final XYSeriesCollection data = new XYSeriesCollection();
        ratios.forEach((pair, rounds) ->
        {
            final XYSeries series = new XYSeries(pair);
            for (int i = 0; i < rounds.size(); i++)
            {
                series.add(i + 1, rounds.get(i));
            }
            data.addSeries(series);
        });
        final JFreeChart chart = ChartFactory.createXYLineChart(title, "round", "ratio of commands/s", data,
            PlotOrientation.VERTICAL, true, false, false);
        write(file, chart);
    }

    /**
     * @param file      PNG to write.
     * @param title     chart title.
     * @param latencyUs per engine and "rate percentile" column, latency in microseconds.
     * @throws IOException when it cannot be written.
     */
    static void latency(final Path file, final String title, final Map<String, Map<String, Double>> latencyUs)
        throws IOException
    {
        final DefaultCategoryDataset data = new DefaultCategoryDataset();
        latencyUs.forEach((engine, columns) -> columns.forEach((column, us) -> data.addValue(us, engine, column)));
        final JFreeChart chart = ChartFactory.createBarChart(title, "offered rate (commands/s) and percentile",
            "latency from planned send, µs (log)", data, PlotOrientation.VERTICAL, true, false, false);
        final CategoryPlot plot = chart.getCategoryPlot();
        plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        plot.getDomainAxis().setMaximumCategoryLabelWidthRatio(2f);
        final LogAxis axis = new LogAxis("latency from planned send, µs (log)");
        axis.setSmallestValue(0.1);
        plot.setRangeAxis(axis);
        write(file, chart);
    }

    private static void write(final Path file, final JFreeChart chart) throws IOException
    {
        Files.createDirectories(file.toAbsolutePath().getParent());
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }
}
