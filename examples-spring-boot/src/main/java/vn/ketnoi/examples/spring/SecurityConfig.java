package vn.ketnoi.examples.spring;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;

import vn.ketnoi.spring.boot.security.VneidLoginConfigurer;

/**
 * Citizens sign in with VNeID; their own records need level 2. The officers' API would sit behind
 * the agency's own sign-in; here it is open to keep the example short.
 */
@Configuration
public class SecurityConfig {

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(a -> a
                        .requestMatchers("/me").hasRole("VNEID")
                        .requestMatchers("/me/records").hasRole("VNEID_LEVEL_2")
                        .anyRequest().permitAll())
                .csrf(c -> c.ignoringRequestMatchers("/api/**"))
                .exceptionHandling(e -> e.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)))
                .with(VneidLoginConfigurer.vneidLogin(), login -> login.successUrl("/me"));
        return http.build();
    }
}
