package org.espreso.bridge.report;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A single self-contained HTML page: figures are inlined as base64 PNG data URIs and the style is embedded, so
 * the file opens offline and can be mailed as is. Built section by section.
 */
public final class HtmlReport {
    private final String title;
    private final List<String> body = new ArrayList<>();

    public HtmlReport(String title) {
        this.title = title;
    }

    public HtmlReport heading(String text) {
        body.add("<h2>" + esc(text) + "</h2>");
        return this;
    }

    /** A heading other pages can link to ({@code page.html#id}). */
    public HtmlReport heading(String text, String id) {
        body.add("<h2 id=\"" + esc(id) + "\">" + esc(text) + "</h2>");
        return this;
    }

    /** Markup built by this package (e.g. {@link StripPlot}), inserted as is. */
    HtmlReport markup(String html) {
        body.add(html);
        return this;
    }

    /** A strip plot ({@link StripPlot}): inline SVG whose points link to other pages. */
    public HtmlReport plot(StripPlot plot) {
        return markup(plot.svg());
    }

    /** A table whose first column links each row ({@code links[i]}, null for none) to another page. */
    public HtmlReport linkedTable(List<String> header, List<List<String>> rows, List<String> links, List<Boolean> flagged) {
        StringBuilder sb = new StringBuilder("<table><thead><tr>");
        header.forEach(h -> sb.append("<th>").append(esc(h)).append("</th>"));
        sb.append("</tr></thead><tbody>");
        for (int i = 0; i < rows.size(); i++) {
            sb.append(flagged.get(i) ? "<tr class=\"flag\">" : "<tr>");
            List<String> r = rows.get(i);
            for (int j = 0; j < r.size(); j++) {
                String cell = esc(r.get(j));
                if (j == 0 && links.get(i) != null) {
                    cell = "<a href=\"" + esc(links.get(i)) + "\">" + cell + "</a>";
                }
                sb.append("<td>").append(cell).append("</td>");
            }
            sb.append("</tr>");
        }
        body.add(sb.append("</tbody></table>").toString());
        return this;
    }

    public HtmlReport paragraph(String text) {
        body.add("<p>" + esc(text) + "</p>");
        return this;
    }

    /** Key figures shown large at the top. */
    public HtmlReport headline(Map<String, String> figures) {
        StringBuilder sb = new StringBuilder("<div class=\"headline\">");
        figures.forEach((k, v) -> sb.append("<div><span class=\"v\">").append(esc(v)).append("</span><span class=\"k\">")
                .append(esc(k)).append("</span></div>"));
        body.add(sb.append("</div>").toString());
        return this;
    }

    public HtmlReport table(List<String> header, List<List<String>> rows) {
        StringBuilder sb = new StringBuilder("<table><thead><tr>");
        header.forEach(h -> sb.append("<th>").append(esc(h)).append("</th>"));
        sb.append("</tr></thead><tbody>");
        for (List<String> r : rows) {
            sb.append("<tr>");
            r.forEach(c -> sb.append("<td>").append(esc(c)).append("</td>"));
            sb.append("</tr>");
        }
        body.add(sb.append("</tbody></table>").toString());
        return this;
    }

    /** Figures side by side, each with a caption. */
    public HtmlReport figures(List<Figure> figs) {
        StringBuilder sb = new StringBuilder("<div class=\"figs\">");
        for (Figure f : figs) {
            sb.append("<figure><img alt=\"").append(esc(f.caption())).append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(f.png())).append("\"><figcaption>")
                    .append(esc(f.caption())).append("</figcaption></figure>");
        }
        body.add(sb.append("</div>").toString());
        return this;
    }

    /** A PNG with its caption. */
    public record Figure(String caption, byte[] png) {
    }

    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title><style>").append(STYLE).append("</style></head><body><h1>").append(esc(title)).append("</h1>\n");
        body.forEach(b -> sb.append(b).append('\n'));
        return sb.append("</body></html>\n").toString();
    }

    public byte[] bytes() {
        return render().getBytes(StandardCharsets.UTF_8);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static final String STYLE = "body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}"
            + "h1{font-size:1.6em}h2{font-size:1.2em;border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}"
            + "table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ccc;padding:.3em .6em;text-align:right}"
            + "th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}"
            + ".headline{display:flex;gap:2em;flex-wrap:wrap;margin:1em 0}.headline div{display:flex;flex-direction:column}"
            + ".headline .v{font-size:1.8em;font-weight:600}.headline .k{color:#666;font-size:.9em}"
            + ".figs{display:flex;gap:1em;flex-wrap:wrap}figure{margin:0}figure img{max-width:100%;image-rendering:pixelated;border:1px solid #ddd}"
            + "figcaption{font-size:.85em;color:#555;text-align:center}tr.flag td{background:#fde8e8}svg.strip{border:1px solid #ddd;margin:.3em 0}"
            + "pre{background:#f7f7f7;padding:.6em;overflow:auto;font-size:.85em}";
}
