package io.resx.simulation;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** PNG charts of a simulation against scarcity, drawn headless with JFreeChart. */
public final class Charts
{
    private static final int WIDTH = 720;
    private static final int HEIGHT = 480;
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd), new Color(0xff7f0e)};

    private Charts()
    {
    }

    /**
     * Writes {@code simulation-utilization.png}, {@code simulation-served-demand.png} and
     * {@code simulation-attacker-gain.png}.
     *
     * @param simulation a finished simulation.
     * @param dir        the folder, created if needed.
     * @throws IOException when a file cannot be written.
     */
    public static void write(final Simulation simulation, final Path dir) throws IOException
    {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        save(byMechanism(simulation, RunResult::utilization), "Spectrum utilization vs scarcity",
            "utilization (used / available unit-slots)", dir.resolve("simulation-utilization.png"));
        save(byMechanism(simulation, RunResult::servedShare), "Secondary demand served vs scarcity",
            "share of SU + VIO unit-slots served", dir.resolve("simulation-served-demand.png"));
        final Map<String, XYSeries> gain = new LinkedHashMap<>();
        for (final List<Simulation.AttackOutcome> group : Simulation.group(simulation.attacks(),
            a -> a.attack() + (a.defences() ? " (defences on)" : " (defences off)") + "|" + a.scarcity()).values())
        {
            final Simulation.AttackOutcome a = group.get(0);
            final String key = a.attack() + (a.defences() ? " (defences on)" : " (defences off)");
            gain.computeIfAbsent(key, XYSeries::new)
                .add(a.scarcity(), Simulation.mean(group, Simulation.AttackOutcome::attackerGain));
        }
        if (!gain.isEmpty())
        {
            save(gain, "Attacker gain vs scarcity (leasing + purchasing; mean over seeds)", "attacker gain vs honest twin (cash)",
                dir.resolve("simulation-attacker-gain.png"));
        }
        final Map<String, XYSeries> loss = new LinkedHashMap<>();
        for (final List<Simulation.ShareOutcome> group : Simulation.group(simulation.shareOutcomes(),
            o -> o.shareRule() + "|" + o.defences() + "|" + o.scarcity()).values())
        {
            final Simulation.ShareOutcome o = group.get(0);
            final String key = (o.shareRule() ? "use-it-or-share-it on" : "use-it-or-share-it off") +
                (o.defences() ? ", other defences on" : ", other defences off");
            loss.computeIfAbsent(key, XYSeries::new)
                .add(o.scarcity(), Simulation.mean(group, Simulation.ShareOutcome::honestLoss));
        }
        if (!loss.isEmpty())
        {
            save(loss, "PU cartel withholding: honest loss with and without use-it-or-share-it",
                "honest agents' loss vs honest twin (cash)", dir.resolve("simulation-share-rule.png"));
        }
    }

    private static Map<String, XYSeries> byMechanism(final Simulation simulation,
        final ToDoubleFunction<RunResult> metric)
    {
        final Map<String, XYSeries> series = new LinkedHashMap<>();
        final List<RunResult> plain = simulation.runs().stream()
            .filter(r -> r.config().attack() == Attack.NONE && r.config().defences()).toList();
        for (final List<RunResult> group :
            Simulation.group(plain, r -> r.config().mechanism() + "|" + r.scarcity()).values())
        {
            final RunResult r = group.get(0);
            series.computeIfAbsent(r.config().mechanism().name(), XYSeries::new)
                .add(r.scarcity(), Simulation.mean(group, metric::applyAsDouble));
        }
        return series;
    }

    private static void save(final Map<String, XYSeries> series, final String title, final String yLabel,
        final Path file) throws IOException
    {
        final XYSeriesCollection data = new XYSeriesCollection();
        series.values().forEach(data::addSeries);
        final JFreeChart chart = ChartFactory.createXYLineChart(title, "scarcity (secondary demand / spare supply)",
            yLabel, data, PlotOrientation.VERTICAL, true, false, false);
        final XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        final XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        int i = 0;
        for (final String name : series.keySet())
        {
            // One colour per mechanism or attack; the defences-on line of an attack is dashed in the same colour.
            final int colour = name.endsWith("(defences on)") ? i / 2 : name.endsWith("(defences off)") ? i / 2 : i;
            renderer.setSeriesPaint(i, PALETTE[colour % PALETTE.length]);
            renderer.setSeriesStroke(i, name.endsWith("(defences on)") ?
                new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f) :
                new BasicStroke(2f));
            i++;
        }
        plot.setRenderer(renderer);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }
}
