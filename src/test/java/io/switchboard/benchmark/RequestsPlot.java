package io.switchboard.benchmark;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The curve the benchmark is about: API requests per 1,000 events against the offered load, one line per pipeline
 * and Salesforce latency. A steady run is drawn at its offered rate; a backlog ("max") run, whose offered load is
 * everything at once, at the throughput it reached. Logarithmic requests, so both pipelines fit one plot.
 */
final class RequestsPlot {

    static final String FILE = "requests-per-1000-events.png";

    private final List<ScenarioResult> results;

    RequestsPlot(List<ScenarioResult> results) {
        this.results = results;
    }

    void writePng(Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Map<String, XYSeries> lines = new LinkedHashMap<>();
        for (ScenarioResult r : results.stream().filter(r -> r.error() == null && r.completed() > 0)
                .sorted(Comparator.comparing((ScenarioResult r) -> r.scenario().pipeline())
                        .thenComparing(r -> r.scenario().salesforceLatency())).toList()) {
            Scenario s = r.scenario();
            String name = s.pipeline().label() + ", " + s.salesforceLatency().toMillis() + " ms per request";
            double x = s.paced() ? s.ratePerSecond() : r.eventsPerSecond();
            lines.computeIfAbsent(name, n -> new XYSeries(n, true, true)).add(x, r.requestsPerThousand());
        }
        XYSeriesCollection data = new XYSeriesCollection();
        lines.values().forEach(data::addSeries);
        JFreeChart chart = ChartFactory.createXYLineChart(
                "Salesforce API requests per 1,000 events against offered load",
                "offered load, events/s (steady runs at their rate; backlog runs at the throughput they reached)",
                "API requests per 1,000 events (log scale)", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        LogAxis requests = new LogAxis("API requests per 1,000 events (log scale)");
        requests.setBase(10);
        requests.setSmallestValue(1);
        requests.setNumberFormatOverride(new java.text.DecimalFormat("#,##0.#"));
        plot.setRangeAxis(requests);
        NumberAxis load = (NumberAxis) plot.getDomainAxis();
        load.setLowerBound(0);
        load.setTickUnit(new NumberTickUnit(200));
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        Color[] colours = {new Color(0x1f77b4), new Color(0x2ca02c), new Color(0xd62728), new Color(0xff7f0e)};
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, colours[i % colours.length]);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        plot.setRenderer(renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        chart.setBackgroundPaint(Color.WHITE);
        Files.createDirectories(file.toAbsolutePath().getParent());
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 960, 560);
    }
}
