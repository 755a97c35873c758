package io.switchboard.console.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The operator's login page (Spring Security handles the POST); scripts use HTTP Basic instead. */
@Controller
public class LoginPage {

    @GetMapping("/login")
    public String login() {
        return "console/login";
    }
}
