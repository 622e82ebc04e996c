package id.loket.ops;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The flow diagram as a reader sees it: parsed by the JDK's XML parser, arrow by arrow. */
record FlowCounts(Document doc, List<Element> arrows) {

    static final String SVG_NS = "http://www.w3.org/2000/svg";

    static FlowCounts of(String svg) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
            List<Element> arrows = new ArrayList<>();
            NodeList groups = doc.getElementsByTagNameNS(SVG_NS, "g");
            for (int i = 0; i < groups.getLength(); i++) {
                Element g = (Element) groups.item(i);
                if ("arrow".equals(g.getAttribute("class"))) {
                    arrows.add(g);
                }
            }
            return new FlowCounts(doc, arrows);
        } catch (Exception e) {
            throw new AssertionError("not well-formed XML: " + e.getMessage() + "\n" + svg, e);
        }
    }

    /** Arrow {@code n} (1-based, the README's order). */
    Element arrow(int n) {
        Element a = arrows.get(n - 1);
        if (!("arrow-" + n).equals(a.getAttribute("id"))) {
            throw new AssertionError("arrow " + n + " is " + a.getAttribute("id"));
        }
        return a;
    }

    long passed(int n) {
        return Long.parseLong(arrow(n).getAttribute("data-passed"));
    }

    long failed(int n) {
        return Long.parseLong(arrow(n).getAttribute("data-failed"));
    }

    /** The text of the arrow's element of the given class ({@code label}, {@code counts}). */
    String text(int n, String cls) {
        NodeList texts = arrow(n).getElementsByTagNameNS(SVG_NS, "text");
        for (int i = 0; i < texts.getLength(); i++) {
            Element t = (Element) texts.item(i);
            if (cls.equals(t.getAttribute("class"))) {
                return t.getTextContent();
            }
        }
        throw new AssertionError("arrow " + n + " has no " + cls);
    }
}
