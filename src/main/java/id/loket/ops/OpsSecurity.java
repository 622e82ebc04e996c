package id.loket.ops;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Spring Security for {@code /ops/**} only: HTTP Basic for the operations API, a form login with a
 * session for the console. Every other path (the Mitra API, the payment page, the provider
 * callbacks, the sandbox) matches no chain here and keeps its own authentication.
 */
@Configuration
@EnableWebSecurity
public class OpsSecurity {

    @Bean
    @Order(1)
    SecurityFilterChain opsApi(HttpSecurity http) throws Exception {
        http.securityMatcher("/ops/api/**")
                .authorizeHttpRequests(a -> a.anyRequest().hasRole(Role.VIEWER.name()))
                .httpBasic(b -> { })
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain opsConsole(HttpSecurity http) throws Exception {
        http.securityMatcher("/ops/**")
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/ops/login", "/ops/assets/**").permitAll()
                        .anyRequest().hasRole(Role.VIEWER.name()))
                .formLogin(f -> f.loginPage("/ops/login").loginProcessingUrl("/ops/login").defaultSuccessUrl("/ops/", true)
                        .failureUrl("/ops/login?error").permitAll())
                .logout(l -> l.logoutUrl("/ops/logout").logoutSuccessUrl("/ops/login?logout"));
        return http.build();
    }

    /** Operators from {@code hub.operators}; an operator's role {@code viewer} is implied by the others. */
    @Bean
    UserDetailsService operators(OpsProperties props) {
        Map<String, UserDetails> users = new HashMap<>();
        props.operators().forEach((name, op) -> {
            Set<Role> roles = EnumSet.noneOf(Role.class);
            op.roles().forEach(r -> {
                Role role = Role.of(r);
                if (role == null) {
                    throw new IllegalStateException("hub.operators." + name + ".roles: unknown role " + r);
                }
                roles.add(role);
            });
            users.put(name, User.withUsername(name).password(op.password())
                    .authorities(roles.stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r.name())).toList())
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

    @Bean
    PasswordEncoder operatorPasswords() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** The operator behind an authenticated request. */
    public static Operator operator(Authentication auth, HttpServletRequest request) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        auth.getAuthorities().forEach(a -> {
            String name = a.getAuthority();
            if (name.startsWith("ROLE_")) {
                Role r = Role.of(name.substring(5));
                if (r != null) {
                    roles.add(r);
                }
            }
        });
        return new Operator(auth.getName(), roles, request.getRemoteAddr());
    }
}
