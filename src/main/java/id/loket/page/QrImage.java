package id.loket.page;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import javax.imageio.ImageIO;

/** A QR code as a PNG {@code data:} URI: ZXing encodes, javax.imageio writes the pixels. */
public final class QrImage {

    /** Modules of white border around the code; ISO/IEC 18004 asks for at least 4. */
    static final int QUIET_ZONE = 4;

    private QrImage() {
    }

    /**
     * The QR code of {@code payload}, at least {@code size} pixels square (larger when the code
     * needs more than one pixel per module), as {@code data:image/png;base64,...}.
     *
     * @throws IllegalArgumentException when the payload is empty or too long for a QR code
     */
    public static String pngDataUri(String payload, int size) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png(payload, size));
    }

    /** The PNG bytes of {@link #pngDataUri}. */
    public static byte[] png(String payload, int size) {
        if (payload == null || payload.isEmpty()) {
            throw new IllegalArgumentException("empty QR payload");
        }
        Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
        hints.put(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M);
        hints.put(EncodeHintType.MARGIN, QUIET_ZONE);
        // QRIS payloads are ASCII (EMVCo); only something else needs the UTF-8 ECI marker.
        if (!StandardCharsets.ISO_8859_1.newEncoder().canEncode(payload)) {
            hints.put(EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name());
        }
        BitMatrix matrix;
        try {
            // QRCodeWriter scales by a whole number of pixels per module and centres the code.
            matrix = new QRCodeWriter().encode(payload, BarcodeFormat.QR_CODE, size, size, hints);
        } catch (WriterException e) {
            throw new IllegalArgumentException("payload cannot be encoded as a QR code: " + e.getMessage(), e);
        }
        int width = matrix.getWidth();
        int height = matrix.getHeight();
        // 1 bit per pixel, palette black/white: index 1 is white.
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_BINARY);
        WritableRaster raster = image.getRaster();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.setSample(x, y, 0, matrix.get(x, y) ? 0 : 1);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer available");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
