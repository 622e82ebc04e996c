package id.loket.merchant;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Where a merchant's notifications may go (contract section 2, callback hosts): judged on the URL's
 * text when the Mitra initiates, and on the resolved addresses when a notification is sent.
 */
public final class CallbackAddressPolicy {

    private CallbackAddressPolicy() {
    }

    /**
     * Contract section 2, callback hosts. With a list, the host must be in it (case-insensitive;
     * a listed internal host is then allowed). Without one, any host except loopback, private,
     * link-local and cloud-metadata addresses. Judged on the text alone, no DNS lookup: the
     * sender checks the resolved address again.
     */
    public static boolean hostAllowed(URI uri, List<String> callbackHosts) {
        String host = normalizeHost(uri.getHost());
        if (callbackHosts != null && !callbackHosts.isEmpty()) {
            return callbackHosts.stream().anyMatch(h -> h != null && normalizeHost(h.trim()).equals(host));
        }
        return isPublicHost(host);
    }

    /**
     * The check made when a notification is sent: the callback host was judged as text at initiate;
     * here its resolved addresses are judged again, so a name that now points inside the network is
     * refused unless the merchant lists it. Null when the address may be used, otherwise why not.
     */
    public static String refusal(URI uri, List<String> callbackHosts) {
        if (callbackHosts != null && !callbackHosts.isEmpty()) {
            return hostAllowed(uri, callbackHosts) ? null
                    : "REFUSED_ADDRESS " + uri.getHost() + " is not in the merchant's callback-hosts";
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                if (!isPublicHost(address.getHostAddress().toLowerCase(Locale.ROOT))) {
                    return "REFUSED_ADDRESS " + uri.getHost() + " resolves to a non-public address";
                }
            }
            return null;
        } catch (UnknownHostException e) {
            return "ERROR unknown host " + uri.getHost();
        }
    }

    static String normalizeHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    /**
     * Whether an unlisted callback host may be used. Refused: {@code localhost} and
     * {@code *.localhost}, {@code metadata.google.internal}, and IP literals in 0/8, 10/8,
     * 100.64/10 (shared space; Alibaba's metadata lives there), 127/8, 169.254/16, 172.16/12,
     * 192.168/16, multicast and reserved (224/3); IPv6 unspecified, loopback, fc00::/7,
     * fe80::/10, site-local, multicast, and IPv4 embedded (mapped, compatible, 64:ff9b::/96)
     * judged as IPv4. A name whose last label is numeric or hex ({@code 2130706433},
     * {@code 127.1}, {@code 0x7f.0.0.1}) is an IPv4 literal in a form some resolvers read
     * differently; only the canonical dotted quad is accepted.
     */
    public static boolean isPublicHost(String host) {
        if (host.isEmpty() || host.equals("localhost") || host.endsWith(".localhost")
                || host.equals("metadata.google.internal") || host.equals("metadata")) {
            return false;
        }
        if (host.indexOf(':') >= 0) {
            return isPublicIpv6(host);
        }
        String lastLabel = host.substring(host.lastIndexOf('.') + 1);
        if (lastLabel.matches("[0-9]+|0x[0-9a-f]*")) {
            int[] quad = canonicalQuad(host);
            return quad != null && isPublicIpv4(quad);
        }
        return true;
    }

    private static int[] canonicalQuad(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        int[] quad = new int[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (!p.matches("0|[1-9][0-9]{0,2}")) {
                return null;
            }
            quad[i] = Integer.parseInt(p);
            if (quad[i] > 255) {
                return null;
            }
        }
        return quad;
    }

    private static boolean isPublicIpv4(int[] q) {
        int a = q[0];
        int b = q[1];
        return !(a == 0 || a == 10 || a == 127
                || (a == 100 && b >= 64 && b <= 127)
                || (a == 169 && b == 254)
                || (a == 172 && b >= 16 && b <= 31)
                || (a == 192 && b == 168)
                || a >= 224);
    }

    private static boolean isPublicIpv6(String host) {
        if (host.indexOf('%') >= 0 || !host.matches("[0-9a-f:.]+")) {
            return false;
        }
        InetAddress addr;
        try {
            // a literal (only hex digits, ':' and '.'), so no name lookup happens
            addr = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            return false;
        }
        byte[] b = addr.getAddress();
        if (b.length == 4) {
            // IPv4-mapped (::ffff:a.b.c.d) comes back as an IPv4 address
            return isPublicIpv4(new int[] {b[0] & 0xff, b[1] & 0xff, b[2] & 0xff, b[3] & 0xff});
        }
        if (addr.isAnyLocalAddress() || addr.isLoopbackAddress() || addr.isLinkLocalAddress()
                || addr.isSiteLocalAddress() || addr.isMulticastAddress()
                || (b[0] & 0xfe) == 0xfc) {
            return false;
        }
        boolean compatible = true;
        for (int i = 0; i < 12; i++) {
            compatible &= b[i] == 0;
        }
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = b[i] == 0;
        }
        if (compatible || nat64) {
            return isPublicIpv4(new int[] {b[12] & 0xff, b[13] & 0xff, b[14] & 0xff, b[15] & 0xff});
        }
        return true;
    }
}
