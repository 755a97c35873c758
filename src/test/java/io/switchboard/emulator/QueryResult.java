package io.switchboard.emulator;

import java.util.List;
import java.util.Map;

/** All rows of a SOQL query (before paging): totalSize and the rendered records. */
record QueryResult(int totalSize, List<Map<String, Object>> records) {
}
