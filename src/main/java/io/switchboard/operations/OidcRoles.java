package io.switchboard.operations;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.util.StringUtils;

/**
 * A person who logs in through the OpenID Connect provider gets the role its claim names
 * ({@code switchboard.management.oidc.roles-claim}, default {@code switchboard_roles}: a string or a list of them,
 * each viewer, operator or admin; the highest counts). Someone without one is refused at login: the provider knows
 * them, but nobody gave them a part here. Their name (in the audit) is the claim the registration's
 * {@code user-name-attribute} names, e.g. {@code preferred_username}; by default the subject.
 */
final class OidcRoles implements OAuth2UserService<OidcUserRequest, OidcUser> {

    private final OidcUserService provider = new OidcUserService();
    private final String claim;

    OidcRoles(String claim) {
        this.claim = claim;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) throws OAuth2AuthenticationException {
        OidcUser user = provider.loadUser(request);
        Role role = highest(user.getClaim(claim)).orElseThrow(() -> new OAuth2AuthenticationException(new OAuth2Error(
                "access_denied", "No Switchboard role in the '" + claim + "' claim: viewer, operator or admin", null)));
        String nameClaim = request.getClientRegistration().getProviderDetails().getUserInfoEndpoint()
                .getUserNameAttributeName();
        return new DefaultOidcUser(role.authorities(), user.getIdToken(), user.getUserInfo(),
                StringUtils.hasText(nameClaim) ? nameClaim : "sub");
    }

    static Optional<Role> highest(Object claimed) {
        Collection<?> values = claimed instanceof Collection<?> many ? many : claimed == null ? List.of() : List.of(claimed);
        return values.stream().map(v -> Role.named(String.valueOf(v))).flatMap(Optional::stream)
                .max(Enum::compareTo);
    }
}
