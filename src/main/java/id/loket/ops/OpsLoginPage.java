package id.loket.ops;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The console's login page ({@code GET /ops/login}); Spring Security takes the form's
 * {@code POST /ops/login} and {@code POST /ops/logout}.
 */
@Controller
public class OpsLoginPage {

    private final OpsLogins logins;

    public OpsLoginPage(OpsLogins logins) {
        this.logins = logins;
    }

    @GetMapping("/ops/login")
    public String login(HttpServletRequest request, HttpServletResponse response, Model model) {
        boolean blocked = logins.blocked(request.getRemoteAddr());
        if (blocked) {
            response.setStatus(429);
        }
        model.addAttribute("blocked", blocked);
        model.addAttribute("failed", !blocked && request.getParameter("error") != null);
        model.addAttribute("loggedOut", request.getParameter("logout") != null);
        return "ops/login";
    }
}
