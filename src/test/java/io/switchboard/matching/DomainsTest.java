package io.switchboard.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DomainsTest {

    private final Domains folding = new Domains(new MatchingProperties("US"));
    private final Domains exact = new Domains(new MatchingProperties("US", Duration.ofSeconds(30), "Website",
            false, null));

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "acme.com|acme.com",
            "ACME.COM|acme.com",
            "https://www.Acme.com/about|acme.com",
            "http://acme.com:8080/x?y=1#z|acme.com",
            "acme.com:443|acme.com",
            "//www.acme.com|acme.com",
            "www.acme.com.|acme.com",
            "`  https://user:secret@acme.com/  `|acme.com",
            "https://sales.acme.co.uk/team|acme.co.uk",
            "eu.shop.acme.com.au|acme.com.au",
            "acme.github.io|acme.github.io",
            "https://bücher.de/shop|xn--bcher-kva.de",
            "XN--BCHER-KVA.DE|xn--bcher-kva.de",
            "münchen.example.com|example.com",
    })
    void normalizesWebAddressesToTheRegistrableDomain(String text, String domain) {
        assertThat(folding.normalize(text)).contains(domain);
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
            "https://www.sales.acme.co.uk/|sales.acme.co.uk",
            "www.acme.com|acme.com",
            "http://EU.Acme.com:80|eu.acme.com",
    })
    void keepsSubdomainsWhenFoldingIsOff(String text, String domain) {
        assertThat(exact.normalize(text)).contains(domain);
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "``", "`   `", "not a domain", "localhost", "co.uk", "com", "https://", "192.168.0.1", "acme..com",
            "`' OR 1=1 --`", "%.com",
    })
    void rejectsWhatIsNoCompanyDomain(String text) {
        assertThat(folding.normalize(text)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"dana@gmail.com", "dana@GoogleMail.com", "x@outlook.com", "x@mail.yahoo.com", "x@web.de"})
    void freeMailDomainsNeverIdentifyACompany(String email) {
        assertThat(folding.ofEmail(email.toLowerCase())).isEmpty();
    }

    @Test
    void companyEmailDomainsDo() {
        assertThat(folding.ofEmail("dana@eu.acme.co.uk")).contains("acme.co.uk");
        assertThat(exact.ofEmail("dana@eu.acme.co.uk")).contains("eu.acme.co.uk");
    }

    @Test
    void theFreeMailListIsConfigurable() {
        Domains custom = new Domains(new MatchingProperties("US", Duration.ZERO, "Website", true,
                List.of(" Example-ISP.net ")));
        assertThat(custom.ofEmail("a@example-isp.net")).isEmpty();
        assertThat(custom.ofEmail("a@gmail.com")).contains("gmail.com");
    }

    @Test
    void searchesBothFormsOfAnInternationalizedName() {
        assertThat(folding.searchForms("xn--bcher-kva.de")).containsExactly("xn--bcher-kva.de", "bücher.de");
        assertThat(folding.searchForms("acme.com")).containsExactly("acme.com");
    }
}
