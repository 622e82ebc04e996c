package id.loket.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Spring Security for {@code /ops/**} only: HTTP Basic for the operations API, a form login with a
 * session for the console. Every other path (the Mitra API, the payment page, the provider
 * callbacks, the sandbox) is not even seen by Spring Security's filter (see
 * {@link #securityFilterOnOpsOnly()}) and keeps its own authentication and answers.
 *
 * <p>Failed logins are throttled per client address ({@link OpsLogins}); every login, failed or not,
 * and every logout is in the audit trail.
 */
@Configuration
@EnableWebSecurity
public class OpsSecurity {

    /** The realm HTTP Basic asks for. */
    public static final String REALM = "Loket operations";

    /** What an /ops page may load: its own styles and scripts, nothing framed, forms posting home only. */
    public static final String CSP = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:;"
            + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private static final String ROLE = "ROLE_";

    private final ObjectMapper json = new ObjectMapper();

    /** The operations API: HTTP Basic on every request, no session, no CSRF (no cookie is ever honoured). */
    @Bean
    @Order(1)
    SecurityFilterChain opsApi(HttpSecurity http, OpsLogins logins) throws Exception {
        http.securityMatcher("/ops/api/**")
                .authorizeHttpRequests(a -> a
                        // approvals check the approver role themselves, so that a refused one is audited
                        .requestMatchers(HttpMethod.POST, "/ops/api/orders/**", "/ops/api/recon/**")
                        .hasRole(Role.OPERATOR.name())
                        .anyRequest().hasRole(Role.VIEWER.name()))
                .httpBasic(b -> b.realmName(REALM)
                        .authenticationEntryPoint((request, response, e) -> unauthorized(response)))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> unauthorized(response))
                        .accessDeniedHandler((request, response, ex) -> error(response, 403, "forbidden",
                                name(request) + " does not have a role that may do this")))
                .csrf(c -> c.disable())
                .requestCache(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(this::headers)
                .addFilterBefore(new SameOriginOnly(), BasicAuthenticationFilter.class)
                .addFilterBefore(new Throttled(logins, false), BasicAuthenticationFilter.class)
                .addFilterAfter(new BasicSeen(logins), BasicAuthenticationFilter.class);
        return http.build();
    }

    /** The console: a form login, a session cookie, CSRF on every form. */
    @Bean
    @Order(2)
    SecurityFilterChain opsConsole(HttpSecurity http, OpsLogins logins) throws Exception {
        SimpleUrlAuthenticationSuccessHandler toConsole = new SimpleUrlAuthenticationSuccessHandler("/ops/");
        toConsole.setAlwaysUseDefaultTargetUrl(true);
        http.securityMatcher("/ops/**")
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/ops/login", "/ops/assets/**").permitAll()
                        .anyRequest().hasRole(Role.VIEWER.name()))
                .formLogin(f -> f.loginPage("/ops/login").loginProcessingUrl("/ops/login")
                        .usernameParameter("username").passwordParameter("password")
                        .successHandler((request, response, auth) -> {
                            logins.formLogin(auth.getName(), request.getRemoteAddr());
                            toConsole.onAuthenticationSuccess(request, response, auth);
                        })
                        .failureUrl("/ops/login?error").permitAll())
                .logout(l -> l.logoutUrl("/ops/logout").logoutSuccessUrl("/ops/login?logout")
                        .addLogoutHandler((request, response, auth) -> {
                            if (auth != null) {
                                logins.logout(auth.getName(), request.getRemoteAddr());
                            }
                        }))
                // the session id changes at login (the default, said here because it matters)
                .sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()))
                .headers(this::headers)
                .addFilterBefore(new Throttled(logins, true), UsernamePasswordAuthenticationFilter.class);
        return http.build();
    }

    private void headers(HeadersConfigurer<HttpSecurity> h) {
        h.contentSecurityPolicy(c -> c.policyDirectives(CSP))
                .frameOptions(f -> f.deny())
                .cacheControl(c -> c.disable())
                .addHeaderWriter(new StaticHeadersWriter("Cache-Control", "no-store"));
    }

    /**
     * Spring Boot maps Spring Security's filter to every path; here it sees {@code /ops} and below
     * only. Its firewall would otherwise refuse, with its own 400, URLs that the Mitra API, the page
     * and the callbacks answer in the contract's envelope ({@code //}, {@code ;}, encoded slashes), and
     * nothing of Spring Security (headers, sessions) may reach those answers. The servlet container
     * matches the pattern on the decoded, normalized path, as Spring MVC routes it: a request that
     * reaches a handler under /ops passes the filter.
     */
    @Bean
    static BeanPostProcessor securityFilterOnOpsOnly() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof DelegatingFilterProxyRegistrationBean registration
                        && "securityFilterChainRegistration".equals(beanName)) {
                    registration.setUrlPatterns(List.of("/ops/*"));
                }
                return bean;
            }
        };
    }

    /** Operators from {@code hub.operators}; the roles {@code operator} and {@code approver} include {@code viewer}. */
    @Bean
    UserDetailsService operators(OpsProperties props) {
        Map<String, UserDetails> users = new HashMap<>();
        props.operators().forEach((name, op) -> {
            checkHash("hub.operators." + name + ".password", op.password());
            Set<Role> roles = EnumSet.noneOf(Role.class);
            op.roles().forEach(r -> {
                Role role = Role.of(r);
                if (role == null) {
                    throw new IllegalStateException("hub.operators." + name + ".roles: unknown role '" + r
                            + "' (viewer, operator, approver)");
                }
                roles.add(role);
            });
            if (!roles.isEmpty()) {
                roles.add(Role.VIEWER);
            }
            users.put(name, User.withUsername(name).password(op.password())
                    .authorities(roles.stream().map(r -> new SimpleGrantedAuthority(ROLE + r.name())).toList())
                    .build());
        });
        return name -> {
            UserDetails u = users.get(name);
            if (u == null) {
                throw new UsernameNotFoundException(name);
            }
            return User.withUserDetails(u).build();
        };
    }

    /**
     * Spring Security's delegating encoder ({@code {bcrypt}...}, {@code {argon2}...}, ...); a hash
     * without a prefix is taken as bcrypt, so {@code $2y$} hashes of PHP's {@code password_hash}
     * work as they are.
     */
    @Bean
    PasswordEncoder operatorPasswords() {
        DelegatingPasswordEncoder encoder = (DelegatingPasswordEncoder) PasswordEncoderFactories.createDelegatingPasswordEncoder();
        encoder.setDefaultPasswordEncoderForMatches(new BCryptPasswordEncoder());
        return encoder;
    }

    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]?\\$\\d\\d\\$[./0-9A-Za-z]{53}");
    private static final Pattern PREFIXED = Pattern.compile("\\{(bcrypt|ldap|MD4|MD5|noop|pbkdf2|pbkdf2@SpringSecurity_v5_8"
            + "|scrypt|scrypt@SpringSecurity_v5_8|SHA-1|SHA-256|sha256|argon2|argon2@SpringSecurity_v5_8)}.+");

    /** A password that no encoder could ever match (a plain text, a typo in the prefix) fails the start. */
    private static void checkHash(String property, String hash) {
        if (!BCRYPT.matcher(hash).matches() && !PREFIXED.matcher(hash).matches()) {
            throw new IllegalStateException(property + ": not a password hash ({bcrypt}$2a$..., or a $2y$ hash of"
                    + " PHP's password_hash)");
        }
        if (hash.startsWith("{bcrypt}") && !BCRYPT.matcher(hash.substring(8)).matches()) {
            throw new IllegalStateException(property + ": {bcrypt} but not a bcrypt hash");
        }
    }

    /** The operator behind an authenticated request. */
    public static Operator operator(Authentication auth, HttpServletRequest request) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        auth.getAuthorities().forEach(a -> {
            String name = a.getAuthority();
            if (name.startsWith(ROLE)) {
                Role r = Role.of(name.substring(ROLE.length()));
                if (r != null) {
                    roles.add(r);
                }
            }
        });
        return new Operator(auth.getName(), roles, request.getRemoteAddr());
    }

    private void unauthorized(HttpServletResponse response) throws IOException {
        response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
        error(response, 401, "unauthorized", "an operator's name and password (HTTP Basic) are needed");
    }

    private void error(HttpServletResponse response, int status, String error, String message) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("message", message);
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), body);
    }

    private static String name(HttpServletRequest request) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth == null ? "this operator" : auth.getName();
    }

    /**
     * A client address that failed too often this minute is not even checked: 429 on the API; on the
     * console its login form goes back to the login page, which says why.
     */
    private final class Throttled extends OncePerRequestFilter {
        private final OpsLogins logins;
        private final boolean console;

        Throttled(OpsLogins logins, boolean console) {
            this.logins = logins;
            this.console = console;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (logins.blocked(request.getRemoteAddr())) {
                if (!console) {
                    error(response, 429, "too_many_requests", "too many failed logins from this address; try again"
                            + " in a minute");
                    return;
                }
                if ("POST".equals(request.getMethod()) && "/ops/login".equals(request.getServletPath())) {
                    response.sendRedirect(request.getContextPath() + "/ops/login?error");
                    return;
                }
            }
            chain.doFilter(request, response);
        }
    }

    /**
     * The API takes no CSRF token, so a browser's request that another site's page made is refused
     * before its credentials are looked at: a browser that once asked for HTTP Basic credentials sends
     * them with every request to the hub, whoever made it. Browsers say who did
     * ({@code Sec-Fetch-Site}); scripts send no such header.
     */
    private final class SameOriginOnly extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String site = request.getHeader("Sec-Fetch-Site");
            if ("cross-site".equals(site) || "same-site".equals(site)) {
                error(response, 403, "forbidden", "a request another site's page made");
                return;
            }
            chain.doFilter(request, response);
        }
    }

    /** A script's HTTP Basic login is audited once per operator and address in a while, not on every call. */
    private static final class BasicSeen extends OncePerRequestFilter {
        private final OpsLogins logins;

        BasicSeen(OpsLogins logins) {
            this.logins = logins;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Authentication auth = SecurityContextHolder.getContext().getAuthentication();
            if (auth != null && auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken)) {
                logins.basicLogin(auth.getName(), request.getRemoteAddr());
            }
            chain.doFilter(request, response);
        }
    }
}
