package id.loket.api;

import id.loket.order.Refusal;
import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's own error answers (a malformed request line, an invalid or over-long header, a bad
 * URI encoding: requests no servlet ever sees) in the contract's envelope on the paths it covers;
 * elsewhere Tomcat's report as Spring Boot configures it (no details, no server version).
 */
public class EnvelopeErrorReportValve extends ErrorReportValve {

    public EnvelopeErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0) {
            return;
        }
        String path = request.getDecodedRequestURI() != null ? request.getDecodedRequestURI() : request.getRequestURI();
        if (!Envelope.covers(path)) {
            super.report(request, response, throwable);
            return;
        }
        if (!response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        Refusal refusal = Envelope.forStatus(status);
        try {
            response.setStatus(refusal.httpStatus());
            response.setContentType("application/json");
            response.setHeader("Cache-Control", "no-store");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(Envelope.json(refusal, null));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the answer is already under way: nothing more to say
        }
    }
}
