package io.switchboard.emulator;

import java.util.List;
import java.util.Map;

/**
 * One REST request below /services/data/vNN.N/, already authenticated.
 *
 * @param path    decoded path segments after the version (e.g. [sobjects, Lead, 00Q...])
 * @param params  decoded query parameters
 * @param headers request headers, keys in lower case
 */
record ApiRequest(String method, String version, List<String> path, Map<String, String> params, String body,
                  Map<String, String> headers, String userId) {

    String segment(int i) {
        return i < path.size() ? path.get(i) : null;
    }
}
