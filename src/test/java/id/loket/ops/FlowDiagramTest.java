package id.loket.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The flow diagram's SVG, without a hub: the README's diagram, its figures, nothing active in it. */
class FlowDiagramTest {

    static List<FlowDiagram.Count> counts() {
        return IntStream.rangeClosed(1, FlowDiagram.ARROWS.size())
                .mapToObj(i -> new FlowDiagram.Count(i * 10L, i == 5 ? 2 : 0)).toList();
    }

    @Test
    void theArrowsAreTheReadmesDiagramWithFinpayDrawnAsLoket() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String mermaid = readme.substring(readme.indexOf("```mermaid"), readme.indexOf("```", readme.indexOf("```mermaid") + 3));
        Matcher m = Pattern.compile("(?m)^(\\w+)\\s*->>\\s*(\\w+)\\s*:\\s*(.+?)\\s*$").matcher(mermaid);
        List<String> readmeArrows = new ArrayList<>();
        while (m.find()) {
            readmeArrows.add(loket(m.group(1)) + ">" + loket(m.group(2)) + ":" + m.group(3));
        }
        List<String> drawn = FlowDiagram.ARROWS.stream().map(a -> a.from() + ">" + a.to() + ":" + a.label()).toList();
        assertThat(drawn).isEqualTo(readmeArrows);
        // alt Payment Success holds the biller's payment and its answer
        assertThat(FlowDiagram.ARROWS.stream().filter(FlowDiagram.Arrow::alt).map(FlowDiagram.Arrow::label))
                .containsExactly("Request Payment", "Response Payment");
    }

    static String loket(String participant) {
        return participant.equals("Finpay") ? "Loket" : participant;
    }

    @Test
    void theSvgIsWellFormedWithEveryArrowItsLabelAndItsCounts() {
        String svg = FlowDiagram.render(counts());
        FlowCounts flow = FlowCounts.of(svg);
        assertThat(flow.doc().getDocumentElement().getLocalName()).isEqualTo("svg");
        assertThat(flow.doc().getDocumentElement().getAttribute("viewBox")).matches("0 0 \\d+ \\d+");
        assertThat(flow.arrows()).hasSize(FlowDiagram.ARROWS.size()).hasSize(13);
        for (int n = 1; n <= 13; n++) {
            assertThat(flow.text(n, "label")).isEqualTo(FlowDiagram.ARROWS.get(n - 1).label());
            assertThat(flow.passed(n)).isEqualTo(n * 10L);
        }
        assertThat(flow.text(5, "counts")).isEqualTo("50 passed \u00b7 2 failed");
        assertThat(flow.failed(5)).isEqualTo(2);
        assertThat(flow.text(13, "counts")).isEqualTo("130 passed \u00b7 0 failed");
        // the participants' heads, Finpay drawn as Loket
        NodeList texts = flow.doc().getElementsByTagNameNS(FlowCounts.SVG_NS, "text");
        List<String> all = new ArrayList<>();
        for (int i = 0; i < texts.getLength(); i++) {
            all.add(texts.item(i).getTextContent());
        }
        assertThat(all).contains("Customer", "Mitra", "Loket", "Biller", "alt", "[Payment Success]").doesNotContain("Finpay");
    }

    @Test
    void nothingInTheSvgLoadsOrRunsAnything() {
        String svg = FlowDiagram.render(counts());
        FlowCounts flow = FlowCounts.of(svg);
        assertThat(flow.doc().getElementsByTagNameNS("*", "script").getLength()).isZero();
        assertThat(flow.doc().getElementsByTagNameNS("*", "foreignObject").getLength()).isZero();
        assertThat(flow.doc().getElementsByTagNameNS("*", "image").getLength()).isZero();
        NodeList every = flow.doc().getElementsByTagNameNS("*", "*");
        for (int i = 0; i < every.getLength(); i++) {
            Element e = (Element) every.item(i);
            for (int j = 0; j < e.getAttributes().getLength(); j++) {
                String name = e.getAttributes().item(j).getNodeName();
                String value = e.getAttributes().item(j).getNodeValue();
                assertThat(name).doesNotStartWithIgnoringCase("on").isNotEqualTo("href").isNotEqualTo("xlink:href");
                if (name.equals("xmlns")) {
                    assertThat(value).isEqualTo(FlowCounts.SVG_NS);
                    continue;
                }
                // references stay inside the document (the arrowhead's url(#head))
                assertThat(value).doesNotContainIgnoringCase("javascript:").doesNotContain("//");
            }
        }
    }

    @Test
    void everyTextIsEscaped() {
        assertThat(FlowDiagram.esc("<a href=\"x\">&'</a>")).isEqualTo("&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
        // the arrows' titles name routes such as <biller>-inquiry: escaped, they survive the parser as text
        FlowCounts flow = FlowCounts.of(FlowDiagram.render(counts()));
        NodeList titles = flow.arrow(5).getElementsByTagNameNS(FlowCounts.SVG_NS, "title");
        assertThat(titles.item(0).getTextContent()).isEqualTo("Loket ->> Biller : Request inquiry (biller-inquiry, <biller>-inquiry)");
    }

    @Test
    void oneCountPerArrow() {
        assertThatThrownBy(() -> FlowDiagram.render(counts().subList(0, 12))).isInstanceOf(IllegalArgumentException.class);
    }
}
