package vn.ketnoi.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A province's one-stop-shop portal, reduced to what shows the starter: a citizen check and VNeID sign-in. */
@SpringBootApplication
public class AgencyPortalApplication {

    public static void main(String[] args) {
        SpringApplication.run(AgencyPortalApplication.class, args);
    }
}
