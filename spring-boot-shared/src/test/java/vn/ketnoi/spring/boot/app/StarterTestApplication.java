package vn.ketnoi.spring.boot.app;

import java.util.List;
import java.util.Map;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import vn.ketnoi.spring.boot.security.VneidLoginConfigurer;
import vn.ketnoi.spring.boot.security.VneidPrincipal;

/**
 * The smallest application a starter serves: the starter, Actuator, Spring Security with "Log in
 * with VNeID", one page for the signed-in citizen. The same source runs on Boot 3.5 (Security 6)
 * and Boot 4 (Security 7), which is the point: an application's code does not change with the line.
 */
@SpringBootApplication
@RestController
public class StarterTestApplication {

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(a -> a
                        .requestMatchers("/me").hasRole("VNEID_LEVEL_2")
                        .anyRequest().permitAll())
                .exceptionHandling(e -> e.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)))
                .with(VneidLoginConfigurer.vneidLogin(), login -> login.successUrl("/me"));
        return http.build();
    }

    @GetMapping("/me")
    Map<String, Object> me(@AuthenticationPrincipal VneidPrincipal citizen) {
        List<String> roles = SecurityContextHolder.getContext().getAuthentication().getAuthorities().stream()
                .map(GrantedAuthority::getAuthority).sorted().toList();
        return Map.of("subject", citizen.getName(), "level", citizen.level().number(), "roles", roles);
    }
}
