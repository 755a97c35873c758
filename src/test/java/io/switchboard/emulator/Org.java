package io.switchboard.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The emulated org's data: records of every object, validated against the schema the way the REST API validates
 * them. One read-write lock guards the whole store: reads run in parallel, writes one at a time, and a composite
 * request holds the write lock for its whole transaction so that it can roll back.
 */
public final class Org {

    static final String DEFAULT_VERSION = "62.0";

    private final Schema schema;
    private final SalesforceIds ids = new SalesforceIds(1_000_000L);
    /** Shared Activities' relation records and their rules (see {@link ActivityRelations}). */
    private final ActivityRelations relations;
    private final Clock clock;
    /** Settable at run time, so one test can make SOSL lag behind new records while the others do not. */
    private volatile Duration searchIndexDelay;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Records by canonical object name, then by 18-char id, in creation order. */
    private final Map<String, LinkedHashMap<String, StoredRecord>> tables = new LinkedHashMap<>();
    private final AtomicLong autoNumber = new AtomicLong(1000);
    private final String orgId;
    private final String integrationUserId;
    private final String agentUserId;
    /**
     * Equality indexes by canonical object name, created on first use and kept in step with {@link #tables} by
     * {@link #changed}; dropped by {@link #reset()}. See {@link ObjectIndex} for thread safety.
     */
    private final Map<String, ObjectIndex> indexes = new java.util.concurrent.ConcurrentHashMap<>();
    /** Whether queries and external-id lookups use {@link #indexes}; tests turn it off to compare with a scan. */
    private volatile boolean useIndexes = true;
    /** Forced query page sizes used in turn (empty: Salesforce's own batch sizes); see {@link EmulatorSettings}. */
    private volatile List<Integer> pageSizes = List.of();
    /** Whether DUPLICATE_VALUE names the colliding record's id or, as for a record the user cannot see, {@code <unknown>}. */
    private volatile boolean duplicateRecordVisible = true;
    /** Undo entries of the running transaction; only touched by the thread holding the write lock. */
    private List<StoredRecord[]> undoLog;
    /**
     * Receives every committed transaction's record changes, in commit order, while the write lock is still held
     * (so that listeners see transactions in the order they committed); see {@link #onCommit}.
     */
    private volatile java.util.function.Consumer<List<RecordChange>> commitListener = changes -> { };
    /** The API the running request came through, for change events' changeOrigin; per request thread. */
    private final ThreadLocal<String> changeOrigin = ThreadLocal.withInitial(() -> "");

    Org(Schema schema, Clock clock, Duration searchIndexDelay, String integrationUsername) {
        this.schema = schema;
        this.relations = new ActivityRelations(this, schema.features());
        this.clock = clock;
        this.searchIndexDelay = searchIndexDelay;
        for (ObjectDef def : schema.objects()) {
            tables.put(def.name(), new LinkedHashMap<>());
        }
        this.orgId = ids.next("00D");
        seedOrganization();
        this.integrationUserId = seedUser(integrationUsername, "Switchboard", "Integration");
        this.agentUserId = seedUser("agent@switchboard.local", "Ann", "Agent");
    }

    /** The Organization record, stored directly: none of its fields is writable through the API. */
    private void seedOrganization() {
        ObjectDef def = schema.object("Organization");
        if (def == null) {
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (FieldDef f : def.fields()) {
            fields.put(f.name(), f.type() == FieldType.BOOLEAN ? Boolean.FALSE : null);
        }
        Instant now = now();
        fields.put("Id", orgId);
        fields.put("Name", "Switchboard Emulated Org");
        fields.put("Country", "US");
        fields.put("DefaultLocaleSidKey", "en_US");
        fields.put("LanguageLocaleKey", "en_US");
        fields.put("TimeZoneSidKey", "GMT");
        fields.put("OrganizationType", "Enterprise Edition");
        fields.put("InstanceName", "EMU1");
        fields.put("CreatedDate", now);
        fields.put("LastModifiedDate", now);
        fields.put("SystemModstamp", now);
        tables.get(def.name()).put(orgId, new StoredRecord(def.name(), orgId, fields, now, null));
    }

    private String seedUser(String username, String first, String last) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("Username", username);
        user.put("FirstName", first);
        user.put("LastName", last);
        user.put("Email", username);
        user.put("Alias", (first.charAt(0) + last).substring(0, Math.min(8, last.length() + 1)).toLowerCase(Locale.ROOT));
        return create(schema.object("User"), user, null, true);
    }

    // ---------------------------------------------------------------- public test API

    /** Creates a record as the integration user, validating like the REST API; throws {@link ApiException}. */
    public String insert(String sobject, Map<String, Object> fields) {
        return create(requireObject(sobject), fields, integrationUserId, false);
    }

    /** Updates a record as the integration user, validating like the REST API; throws {@link ApiException}. */
    public void modify(String sobject, String id, Map<String, Object> fields) {
        ObjectDef def = requireObject(sobject);
        update(def, requireIdOf(def, id), fields, integrationUserId);
    }

    /**
     * Adds a value to a picklist, as an admin does in Setup (e.g. a Lead Source the org lacked): what a restricted
     * picklist refused before is accepted from now on, and describe lists it.
     */
    public void addPicklistValue(String sobject, String field, String value) {
        ObjectDef def = requireObject(sobject);
        FieldDef f = def.field(field);
        if (f == null || !f.isPicklist()) {
            throw new IllegalArgumentException(sobject + "." + field + " is no picklist");
        }
        java.util.List<String> values = new java.util.ArrayList<>(f.picklistValues());
        if (!values.contains(value)) {
            values.add(value);
        }
        FieldDef changed = new FieldDef(f.name(), f.label(), f.type(), f.length(), f.nillable(), f.createable(),
                f.updateable(), f.unique(), f.externalId(), f.defaultedOnCreate(), f.defaultValue(), values,
                f.restrictedPicklist(), f.referenceTo(), f.relationshipName(), f.calculated(), f.nameField(), f.custom(),
                f.precision(), f.scale());
        lock.writeLock().lock();
        try {
            def.addField(changed);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Deletes a record (to the recycle bin), as the REST API does. */
    public void remove(String sobject, String id) {
        ObjectDef def = requireObject(sobject);
        delete(def, requireIdOf(def, id));
    }

    /**
     * Archives a Task or Event as Salesforce does with old activities (closed ones over a year old, by default):
     * IsArchived becomes true, {@code query} no longer returns it and {@code queryAll} does.
     */
    public void archive(String sobject, String id) {
        ObjectDef def = requireObject(sobject);
        String recordId = requireIdOf(def, id);
        atomically(() -> {
            StoredRecord current = find(def, recordId);
            if (current == null) {
                throw ApiException.notFound();
            }
            Map<String, Object> fields = new LinkedHashMap<>(current.fields());
            fields.put("IsArchived", true);
            store(current, reindexed(current, fields, now()));
            return null;
        });
    }

    /**
     * Converts a Lead as Salesforce's lead conversion does (simplified): a new Account named after the Company and
     * a new Contact with the Lead's name, email and phones; the Lead becomes read-only history with IsConverted,
     * ConvertedContactId and ConvertedAccountId set. Returns the Contact's id.
     */
    public String convertLead(String leadId) {
        return convertLead(leadId, null);
    }

    /**
     * Converts a Lead into a new Contact of an existing Account ({@code accountId}; null creates an Account named
     * after the Company), in one transaction as Salesforce's convertLead does: change events Account CREATE (unless
     * linked), Contact CREATE, Lead UPDATE, in that order with one transaction key. No Opportunity is created (as
     * with {@code doNotCreateOpportunity=true}). Returns the Contact's id.
     */
    public String convertLead(String leadId, String accountId) {
        ObjectDef leadDef = requireObject("Lead");
        String existingAccount = accountId == null ? null : requireIdOf(requireObject("Account"), accountId);
        String id = requireIdOf(leadDef, leadId);
        return atomically(() -> {
            StoredRecord lead = find(leadDef, id);
            if (lead == null) {
                throw ApiException.notFound();
            }
            if (Boolean.TRUE.equals(lead.get("IsConverted"))) {
                throw ApiException.badRequest("CANNOT_UPDATE_CONVERTED_LEAD", "cannot reference converted lead");
            }
            if (existingAccount != null && find(requireObject("Account"), existingAccount) == null) {
                throw ApiException.badRequest("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", "AccountId");
            }
            String account = existingAccount != null ? existingAccount : create(requireObject("Account"),
                    Map.of("Name", lead.get("Company")), integrationUserId, false);
            Map<String, Object> contact = new LinkedHashMap<>();
            contact.put("AccountId", account);
            for (String field : List.of("FirstName", "LastName", "Email", "Phone", "MobilePhone")) {
                if (lead.get(field) != null) {
                    contact.put(field, lead.get(field));
                }
            }
            String contactId = create(requireObject("Contact"), contact, integrationUserId, false);
            Map<String, Object> fields = new LinkedHashMap<>(lead.fields());
            Instant now = now();
            fields.put("IsConverted", true);
            fields.put("ConvertedContactId", contactId);
            fields.put("ConvertedAccountId", account);
            fields.put("LastModifiedById", integrationUserId);
            fields.put("ConvertedDate", now.atZone(java.time.ZoneOffset.UTC).toLocalDate());
            fields.put("Status", "Closed - Converted");
            fields.put("LastModifiedDate", now);
            fields.put("SystemModstamp", now);
            store(lead, reindexed(lead, fields, now));
            return contactId;
        });
    }

    /**
     * Registers the one listener of committed changes (the Pub/Sub server's change event log). It runs with the
     * org's write lock held, in commit order, and must be quick and must not call back into the org's writes.
     */
    public void onCommit(java.util.function.Consumer<List<RecordChange>> listener) {
        commitListener = listener == null ? changes -> { } : listener;
    }

    /**
     * Restores a deleted record from the recycle bin, as {@code undelete} does (SOAP API, Apex): IsDeleted becomes
     * false and the record is live again (MasterRecordId cleared). Undeleting a live record fails with
     * UNDELETE_FAILED "Entity is not in the recycle bin", the SOAP undelete() status code.
     */
    public void undelete(String sobject, String id) {
        ObjectDef def = requireObject(sobject);
        String recordId = requireIdOf(def, id);
        write(() -> {
            StoredRecord current = tables.get(def.name()).get(recordId);
            if (current == null) {
                throw ApiException.notFound();
            }
            if (!current.deleted()) {
                throw ApiException.badRequest("UNDELETE_FAILED", "Entity is not in the recycle bin");
            }
            Map<String, Object> fields = new LinkedHashMap<>(current.fields());
            Instant now = now();
            fields.put("IsDeleted", false);
            fields.put("LastModifiedDate", now);
            fields.put("SystemModstamp", now);
            fields.put("LastModifiedById", integrationUserId);
            if (def.hasField("MasterRecordId")) {
                fields.put("MasterRecordId", null);
            }
            store(current, reindexed(current, fields, now));
            return null;
        });
    }

    /**
     * Merges up to two records into a master, as Salesforce's merge (SOAP {@code merge()}, Apex {@code merge}) does
     * for Leads, Contacts and Accounts: in one transaction, every record that refers to a merged record (a Task's
     * WhoId, a Contact's AccountId, ...) is re-parented to the master, the master is updated (its own values win;
     * LastModifiedDate moves), and each merged record is deleted with MasterRecordId set to the master (visible
     * with queryAll). Change Data Capture sees exactly these updates and deletes: nothing in an event says "merge".
     */
    public void merge(String sobject, String masterId, List<String> mergedIds) {
        ObjectDef def = requireObject(sobject);
        if (!List.of("Lead", "Contact", "Account").contains(def.name())) {
            throw ApiException.badRequest("INVALID_TYPE_FOR_OPERATION", "entity type cannot be merged: " + def.name());
        }
        if (mergedIds.isEmpty() || mergedIds.size() > 2) {
            // documented: "You can merge up to three records of the same type" (the master and two others)
            throw ApiException.badRequest("INVALID_OPERATION", "A merge request must have one to two records to merge");
        }
        String master = requireIdOf(def, masterId);
        List<String> losers = new ArrayList<>();
        for (String id : mergedIds) {
            String loser = requireIdOf(def, id);
            if (loser.equals(master) || losers.contains(loser)) {
                throw ApiException.badRequest("INVALID_ID_FIELD", "Cannot merge a record with itself: " + id);
            }
            losers.add(loser);
        }
        atomically(() -> {
            StoredRecord masterRecord = find(def, master);
            if (masterRecord == null) {
                throw new ApiException(404, "ENTITY_IS_DELETED", "entity is deleted");
            }
            for (String loser : losers) {
                if (find(def, loser) == null) {
                    throw new ApiException(404, "ENTITY_IS_DELETED", "entity is deleted");
                }
            }
            reparent(def, losers, master);
            Map<String, Object> fields = new LinkedHashMap<>(find(def, master).fields());
            Instant now = now();
            fields.put("LastModifiedDate", now);
            fields.put("SystemModstamp", now);
            fields.put("LastModifiedById", integrationUserId);
            StoredRecord currentMaster = find(def, master);
            store(currentMaster, reindexed(currentMaster, fields, now));
            for (String loser : losers) {
                StoredRecord current = find(def, loser);
                Map<String, Object> gone = new LinkedHashMap<>(current.fields());
                gone.put("IsDeleted", true);
                gone.put("SystemModstamp", now);
                if (def.hasField("MasterRecordId")) {
                    gone.put("MasterRecordId", master);
                }
                store(current, new StoredRecord(def.name(), loser, gone, current.searchableAt(), current.indexedFields()));
            }
            return null;
        });
    }

    /** Points every live record's reference to one of {@code from} at {@code to} (merge); inside a transaction. */
    private void reparent(ObjectDef target, List<String> from, String to) {
        Instant now = now();
        for (ObjectDef def : schema.objects()) {
            List<FieldDef> refs = def.fields().stream()
                    // the org's own references (MasterRecordId, ConvertedContactId, PersonContactId) stay
                    .filter(f -> f.type() == FieldType.REFERENCE && f.referenceTo().contains(target.name())
                            && f.updateable())
                    .toList();
            if (refs.isEmpty()) {
                continue;
            }
            for (StoredRecord r : List.copyOf(tables.get(def.name()).values())) {
                if (r.deleted() || from.contains(r.id())) {
                    continue;
                }
                Map<String, Object> fields = null;
                for (FieldDef f : refs) {
                    if (r.get(f.name()) != null && from.contains(r.get(f.name()).toString())) {
                        fields = fields == null ? new LinkedHashMap<>(r.fields()) : fields;
                        fields.put(f.name(), to);
                    }
                }
                if (fields != null) {
                    fields.put("LastModifiedDate", now);
                    fields.put("SystemModstamp", now);
                    fields.put("LastModifiedById", integrationUserId);
                    store(r, reindexed(r, fields, now));
                }
            }
        }
    }

    /**
     * The fields of an object as change events carry them: name, describe type ("string", "boolean", "date",
     * "datetime", "double", "int", "reference", "address", ...) and whether the org computes the value.
     */
    public List<FieldShape> fieldShapes(String sobject) {
        ObjectDef def = requireObject(sobject);
        return def.fields().stream()
                .map(f -> new FieldShape(f.name(), f.type().describeName(), f.calculated()))
                .toList();
    }

    /** Whether the org has an object of this name (case-insensitive), and its canonical name. */
    public java.util.Optional<String> objectName(String sobject) {
        ObjectDef def = schema.object(sobject);
        return def == null ? java.util.Optional.empty() : java.util.Optional.of(def.name());
    }

    /** Runs SOQL with the same engine as /query (deleted records excluded); not counted as API usage. */
    public List<Map<String, Object>> query(String soql) {
        SoqlQuery query = SoqlParser.parse(soql, schema);
        QueryResult result = runQuery(query, false, DEFAULT_VERSION);
        if (query.countOnly()) {
            return List.of(Map.of("totalSize", result.totalSize()));
        }
        return result.records();
    }

    /** The record with all fields as the REST API returns it, or null when absent or deleted. */
    public Map<String, Object> get(String sobject, String id) {
        ObjectDef def = requireObject(sobject);
        String normalized = SalesforceIds.normalize(id);
        if (normalized == null) {
            return null;
        }
        return read(() -> {
            StoredRecord record = tables.get(def.name()).get(normalized);
            return record == null || record.deleted() ? null : render(def, record, null, DEFAULT_VERSION);
        });
    }

    /** Number of live (not deleted) records of an object. */
    public int count(String sobject) {
        ObjectDef def = requireObject(sobject);
        return read(() -> (int) tables.get(def.name()).values().stream().filter(r -> !r.deleted()).count());
    }

    /** All live records by object name; objects without records are left out. */
    public Map<String, List<Map<String, Object>>> export() {
        return read(() -> {
            Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
            tables.forEach((name, table) -> {
                if (name.equals("Organization")) {
                    return;
                }
                ObjectDef def = schema.object(name);
                List<Map<String, Object>> records = new ArrayList<>();
                table.values().stream().filter(r -> !r.deleted())
                        .forEach(r -> records.add(render(def, r, null, DEFAULT_VERSION)));
                if (!records.isEmpty()) {
                    out.put(name, records);
                }
            });
            return out;
        });
    }

    /** Loads records from a YAML or JSON file shaped {@code {Contact: [{LastName: ...}], ...}}. */
    public void seed(Path yamlOrJsonFile) {
        try {
            ObjectMapper mapper = yamlOrJsonFile.toString().endsWith(".json") ? Json.MAPPER : new ObjectMapper(new YAMLFactory());
            seed(mapper.readTree(Files.readAllBytes(yamlOrJsonFile)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * From now on, records written reach the search index (SOSL) only after this delay, as in a real org, where it
     * takes seconds to minutes; records written before keep the delay they were written with.
     */
    public void setSearchIndexDelay(Duration delay) {
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("searchIndexDelay must be zero or positive");
        }
        searchIndexDelay = delay;
    }

    public Duration searchIndexDelay() {
        return searchIndexDelay;
    }

    /**
     * Forces query pages of these sizes in turn (each still capped by Salesforce's batch size), so that tests meet
     * short and uneven pages with {@code done: false}; an empty list restores Salesforce's own page sizes.
     */
    public void setPageSizes(List<Integer> sizes) {
        pageSizes = EmulatorSettings.checkedPageSizes(sizes);
    }

    public List<Integer> pageSizes() {
        return pageSizes;
    }

    /**
     * False: DUPLICATE_VALUE messages say {@code <unknown>} instead of the colliding record's id, as a real org does
     * when the running user cannot see that record.
     */
    /**
     * Switches Shared Activities on (the default) or off: off, TaskRelation is gone from describe, SOQL and the REST
     * API, and EventRelation holds invitees only (see {@link ActivityRelations}). {@code reset()} switches it on.
     */
    public void setSharedActivities(boolean on) {
        schema.features().setSharedActivities(on);
    }

    public boolean sharedActivities() {
        return schema.features().sharedActivities();
    }

    public void setDuplicateRecordVisible(boolean visible) {
        duplicateRecordVisible = visible;
    }

    public boolean duplicateRecordVisible() {
        return duplicateRecordVisible;
    }

    public String orgId() {
        return orgId;
    }

    public String integrationUserId() {
        return integrationUserId;
    }

    public String agentUserId() {
        return agentUserId;
    }

    // ---------------------------------------------------------------- package API for the REST layer

    /** Runs work with change events' changeOrigin set to {@code origin} (the API a request came through). */
    <T> T withOrigin(String origin, Supplier<T> work) {
        String previous = changeOrigin.get();
        changeOrigin.set(origin);
        try {
            return work.get();
        } finally {
            changeOrigin.set(previous);
        }
    }

    Schema schema() {
        return schema;
    }

    Clock clock() {
        return clock;
    }

    ObjectDef requireObject(String sobject) {
        ObjectDef def = schema.object(sobject);
        if (def == null) {
            throw ApiException.notFound();
        }
        return def;
    }

    /** The time stamped on records: Salesforce keeps datetimes, system fields included, to the whole second. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    /** When a version written now reaches the search index: the delay counts from the precise clock. */
    private Instant searchableAt() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS).plus(searchIndexDelay);
    }

    /**
     * Whether the record's current version has reached the search index (SOSL sees it), so that a test about
     * searching waits for the index as a client of a real org must, instead of turning the lag off.
     */
    public boolean searchable(String sobject, String id) {
        ObjectDef def = requireObject(sobject);
        String normalized = SalesforceIds.normalize(id);
        return normalized != null && read(() -> {
            StoredRecord record = tables.get(def.name()).get(normalized);
            return record != null && !indexTime().isBefore(record.searchableAt());
        });
    }

    /** The precise time for comparing with {@link StoredRecord#searchableAt()}. */
    Instant indexTime() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Seeds records from a JSON tree; all records are created in one transaction. */
    List<String> seed(JsonNode root) {
        return atomically(() -> {
            List<String> created = new ArrayList<>();
            root.fields().forEachRemaining(entry -> {
                ObjectDef def = requireObject(entry.getKey());
                for (JsonNode node : entry.getValue()) {
                    Map<String, Object> fields = Json.MAPPER.convertValue(node, Json.MAP_TYPE);
                    created.add(create(def, fields, integrationUserId, true));
                }
            });
            return created;
        });
    }

    /** Empties all data; keeps the metadata and the seeded users. */
    void reset() {
        write(() -> {
            tables.forEach((name, table) -> {
                if (name.equals("Organization")) {
                    return;
                }
                if (name.equals("User")) {
                    table.keySet().removeIf(id -> !id.equals(integrationUserId) && !id.equals(agentUserId));
                } else {
                    table.clear();
                }
            });
            indexes.clear();
            schema.features().setSharedActivities(true);
            return null;
        });
    }

    <T> T read(Supplier<T> work) {
        lock.readLock().lock();
        try {
            return work.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    private <T> T write(Supplier<T> work) {
        lock.writeLock().lock();
        try {
            return work.get();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Runs work as one transaction: it holds the write lock throughout, and {@link #rollbackTo(int)} undoes its
     * changes back to a {@link #savepoint()}. Nested calls join the outer transaction. If work throws, all its
     * changes are undone.
     */
    <T> T atomically(Supplier<T> work) {
        lock.writeLock().lock();
        boolean outer = undoLog == null;
        if (outer) {
            undoLog = new ArrayList<>();
        }
        int start = undoLog.size();
        try {
            T result = work.get();
            if (outer) {
                committed(undoLog);
            }
            return result;
        } catch (RuntimeException e) {
            rollbackTo(start);
            throw e;
        } finally {
            if (outer) {
                undoLog = null;
            }
            lock.writeLock().unlock();
        }
    }

    int savepoint() {
        if (!lock.isWriteLockedByCurrentThread() || undoLog == null) {
            throw new IllegalStateException("savepoint outside atomically()");
        }
        return undoLog.size();
    }

    void rollbackTo(int savepoint) {
        while (undoLog.size() > savepoint) {
            StoredRecord[] entry = undoLog.remove(undoLog.size() - 1);
            StoredRecord before = entry[0];
            StoredRecord after = entry[1];
            LinkedHashMap<String, StoredRecord> table = tables.get(after.objectName());
            if (before == null) {
                changed(after.objectName(), table.remove(after.id()), null);
            } else {
                changed(before.objectName(), table.put(before.id(), before), before);
            }
        }
    }

    private void store(StoredRecord before, StoredRecord after) {
        changed(after.objectName(), tables.get(after.objectName()).put(after.id(), after), after);
        if (undoLog != null) {
            undoLog.add(new StoredRecord[] {before, after});
        } else {
            // a single write outside atomically() is a transaction of its own
            List<StoredRecord[]> one = new ArrayList<>();
            one.add(new StoredRecord[] {before, after});
            committed(one);
        }
    }

    /** Hands a committed transaction's surviving changes to the listener; write lock held. */
    private void committed(List<StoredRecord[]> entries) {
        if (entries.isEmpty()) {
            return;
        }
        String origin = changeOrigin.get();
        List<RecordChange> changes = new ArrayList<>(entries.size());
        for (StoredRecord[] entry : entries) {
            StoredRecord after = entry[1];
            Object user = after.get("LastModifiedById");
            changes.add(new RecordChange(after.objectName(), after.id(), entry[0] == null ? null : entry[0].fields(),
                    after.fields(), origin, user == null ? integrationUserId : user.toString()));
        }
        commitListener.accept(List.copyOf(changes));
    }

    /** Every change of a table goes through here (write lock held), so that the indexes follow it. */
    private void changed(String objectName, StoredRecord previous, StoredRecord current) {
        ObjectIndex index = indexes.get(objectName);
        if (index != null) {
            index.replaced(previous, current);
        }
    }

    /** The equality index of an object, or null when indexes are off; call inside {@link #read} or a write. */
    ObjectIndex index(ObjectDef def) {
        if (!useIndexes) {
            return null;
        }
        return indexes.computeIfAbsent(def.name(), name -> new ObjectIndex(tables.get(name)));
    }

    /** Turns the indexes off (every query scans) or back on; for tests comparing both paths. */
    void useIndexes(boolean on) {
        useIndexes = on;
    }

    /**
     * Records (live and deleted) of an object that may have {@code value} in a text field ignoring case, in scan
     * order: a superset of the matches, which callers still test exactly. Call inside {@link #read} or a write.
     */
    Collection<StoredRecord> textCandidates(ObjectDef def, String field, String value) {
        ObjectIndex index = index(def);
        return index == null ? scan(def) : index.textCandidates(field, value);
    }

    /** Live record of the given object, or null. The id must already be normalised. */
    StoredRecord find(ObjectDef def, String id) {
        return read(() -> {
            StoredRecord r = tables.get(def.name()).get(id);
            return r == null || r.deleted() ? null : r;
        });
    }

    /** Any record (live or deleted) by id, whatever its object; null if unknown. */
    StoredRecord findAny(String id) {
        String normalized = SalesforceIds.normalize(id);
        if (normalized == null) {
            return null;
        }
        ObjectDef def = schema.objectForPrefix(SalesforceIds.prefix(normalized));
        return def == null ? null : read(() -> tables.get(def.name()).get(normalized));
    }

    /** Snapshot of an object's records; call inside {@link #read}. */
    Collection<StoredRecord> scan(ObjectDef def) {
        return tables.get(def.name()).values();
    }

    QueryResult runQuery(SoqlQuery query, boolean includeDeleted, String version) {
        return read(() -> new SoqlEngine(this, version, now()).execute(query, includeDeleted));
    }

    List<Map<String, Object>> runSearch(SoslQuery search, String version) {
        return read(() -> new SoslEngine(this, version, indexTime()).execute(search));
    }

    /** Parses, validates and normalises an id for an object: MALFORMED_ID if it is not an id of that object. */
    String requireIdOf(ObjectDef def, String id) {
        String normalized = SalesforceIds.normalize(id);
        if (normalized == null || !SalesforceIds.prefix(normalized).equals(def.keyPrefix())) {
            throw ApiException.badRequest("MALFORMED_ID", def.label() + " ID: id value of incorrect type: " + id, "Id");
        }
        return normalized;
    }

    String create(ObjectDef def, Map<String, Object> input, String userId, boolean allowId) {
        if (!def.writable()) {
            throw ApiException.badRequest("INVALID_TYPE_FOR_OPERATION", "entity type cannot be inserted: " + def.name());
        }
        return write(() -> {
            Map<String, Object> values = coerceInput(def, input, true, allowId);
            String id = values.containsKey("Id") ? requireIdOf(def, (String) values.remove("Id")) : ids.next(def.keyPrefix());
            if (tables.get(def.name()).containsKey(id)) {
                throw duplicateValue("Id", id);
            }
            validateValues(def, id, values);
            String owner = userId == null ? id : userId;
            Map<String, Object> fields = new LinkedHashMap<>();
            for (FieldDef f : def.fields()) {
                fields.put(f.name(), null);
            }
            fields.put("Id", id);
            for (FieldDef f : def.fields()) {
                if (f.defaultValue() != null) {
                    fields.put(f.name(), f.defaultValue());
                }
            }
            if (def.hasField("OwnerId")) {
                fields.put("OwnerId", owner);
            }
            fields.putAll(values);
            personAccount(def, fields);
            List<String> missing = new ArrayList<>();
            for (FieldDef f : def.fields()) {
                if (f.requiredOnCreate() && fields.get(f.name()) == null) {
                    missing.add(f.name());
                }
            }
            if (!missing.isEmpty()) {
                throw new ApiException(400, List.of(new ApiError("REQUIRED_FIELD_MISSING",
                        "Required fields are missing: " + missing, missing)));
            }
            Instant now = now();
            fields.put("IsDeleted", false);
            fields.put("CreatedDate", now);
            fields.put("LastModifiedDate", now);
            fields.put("SystemModstamp", now);
            fields.put("CreatedById", owner);
            fields.put("LastModifiedById", owner);
            if (def.name().equals("Case")) {
                fields.put("CaseNumber", String.format("%08d", autoNumber.incrementAndGet()));
            }
            derive(def, fields);
            relations.checkNew(def, fields);
            store(null, new StoredRecord(def.name(), id, fields, searchableAt(), null));
            relations.activityWritten(def, id, null, fields, owner);
            return id;
        });
    }

    void update(ObjectDef def, String id, Map<String, Object> input, String userId) {
        write(() -> {
            StoredRecord current = tables.get(def.name()).get(id);
            if (current == null) {
                throw ApiException.notFound();
            }
            if (current.deleted()) {
                throw new ApiException(404, "ENTITY_IS_DELETED", "entity is deleted");
            }
            Map<String, Object> values = coerceInput(def, input, false, true);
            Object bodyId = values.remove("Id");
            if (bodyId != null && !id.equals(SalesforceIds.normalize(bodyId.toString()))) {
                throw ApiException.badRequest("INVALID_ID_FIELD", "The Id field should not be specified in the sobject data.");
            }
            List<String> missing = new ArrayList<>();
            values.forEach((name, value) -> {
                FieldDef f = def.field(name);
                if (value == null && !f.nillable() && f.type() != FieldType.BOOLEAN) {
                    missing.add(name);
                }
            });
            if (!missing.isEmpty()) {
                throw new ApiException(400, List.of(new ApiError("REQUIRED_FIELD_MISSING",
                        "Required fields are missing: " + missing, missing)));
            }
            validateValues(def, id, values);
            Map<String, Object> fields = new LinkedHashMap<>(current.fields());
            fields.putAll(values);
            Instant now = now();
            fields.put("LastModifiedDate", now);
            fields.put("SystemModstamp", now);
            fields.put("LastModifiedById", userId);
            personAccount(def, fields);
            derive(def, fields);
            store(current, reindexed(current, fields, now));
            relations.activityWritten(def, id, current.fields(), fields, userId);
            return null;
        });
    }

    void delete(ObjectDef def, String id) {
        if (!def.writable()) {
            throw ApiException.badRequest("INVALID_TYPE_FOR_OPERATION", "entity type cannot be deleted: " + def.name());
        }
        write(() -> {
            StoredRecord current = tables.get(def.name()).get(id);
            if (current == null) {
                throw ApiException.notFound();
            }
            if (current.deleted()) {
                throw new ApiException(404, "ENTITY_IS_DELETED", "entity is deleted");
            }
            Map<String, Object> fields = new LinkedHashMap<>(current.fields());
            fields.put("IsDeleted", true);
            fields.put("SystemModstamp", now());
            store(current, new StoredRecord(def.name(), id, fields, current.searchableAt(), current.indexedFields()));
            return null;
        });
    }

    /** Outcome of an upsert by external id. */
    record UpsertOutcome(String id, boolean created) {
    }

    /**
     * Upsert by external id (or Id). Several matches: 300 with the matching record URLs.
     */
    UpsertOutcome upsert(ObjectDef def, String fieldName, String value, Map<String, Object> input, String userId,
                         String version) {
        FieldDef field = def.field(fieldName);
        if (field == null || !(field.externalId() || field.type() == FieldType.ID)) {
            throw new ApiException(404, "NOT_FOUND",
                    "Provided external ID field does not exist or is not accessible: " + fieldName);
        }
        for (String key : input.keySet()) {
            if (key.equalsIgnoreCase("Id")) {
                throw ApiException.badRequest("INVALID_FIELD",
                        "The Id field should not be specified in the sobject data.");
            }
            if (key.equalsIgnoreCase(field.name()) && field.type() != FieldType.ID) {
                throw ApiException.badRequest("INVALID_FIELD", "Field " + field.name()
                        + " is specified in the URL and in the sobject data; remove it from the sobject data.");
            }
        }
        return write(() -> {
            if (field.type() == FieldType.ID) {
                String id = requireIdOf(def, value);
                if (find(def, id) == null) {
                    throw ApiException.notFound();
                }
                update(def, id, input, userId);
                return new UpsertOutcome(id, false);
            }
            List<String> matches = new ArrayList<>();
            for (StoredRecord r : textCandidates(def, field.name(), value)) {
                Object v = r.get(field.name());
                if (!r.deleted() && v != null && v.toString().equalsIgnoreCase(value)) {
                    matches.add(r.id());
                }
            }
            if (matches.size() > 1) {
                List<String> urls = matches.stream().map(id -> recordUrl(version, def.name(), id)).toList();
                throw new MultipleChoices(urls);
            }
            if (matches.size() == 1) {
                update(def, matches.get(0), input, userId);
                return new UpsertOutcome(matches.get(0), false);
            }
            Map<String, Object> withKey = new LinkedHashMap<>(input);
            withKey.put(field.name(), value);
            return new UpsertOutcome(create(def, withKey, userId, false), true);
        });
    }

    /** Upsert matched several records: the REST layer answers 300 with these URLs. */
    static final class MultipleChoices extends RuntimeException {
        private final List<String> urls;

        MultipleChoices(List<String> urls) {
            super("multiple records match");
            this.urls = urls;
        }

        List<String> urls() {
            return urls;
        }
    }

    static String recordUrl(String version, String object, String id) {
        return "/services/data/v" + version + "/sobjects/" + object + "/" + id;
    }

    /** Renders a record as the REST API does: attributes first, then the fields (all when {@code only} is null). */
    Map<String, Object> render(ObjectDef def, StoredRecord record, List<String> only, String version) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("attributes", attributes(def.name(), record.id(), version));
        if (only == null) {
            record.fields().forEach((k, v) -> out.put(k, FieldValues.toJson(v)));
        } else {
            for (String name : only) {
                FieldDef f = def.field(name);
                out.put(f.name(), FieldValues.toJson(record.get(f.name())));
            }
        }
        return out;
    }

    static Map<String, Object> attributes(String type, String id, String version) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("type", type);
        attributes.put("url", recordUrl(version, type, id));
        return attributes;
    }

    // ---------------------------------------------------------------- validation

    /** Maps input keys to canonical field names and typed values, rejecting unknown and read-only fields. */
    private Map<String, Object> coerceInput(ObjectDef def, Map<String, Object> input, boolean creating, boolean allowId) {
        Map<String, Object> values = new LinkedHashMap<>();
        List<String> readOnly = new ArrayList<>();
        for (Map.Entry<String, Object> e : input.entrySet()) {
            String key = e.getKey();
            if (key.equals("attributes")) {
                continue;
            }
            FieldDef f = def.field(key);
            if (f == null) {
                throw ApiException.badRequest("INVALID_FIELD", "No such column '" + key + "' on sobject of type " + def.name());
            }
            if (f.type() == FieldType.ID) {
                if (!allowId) {
                    throw ApiException.badRequest("INVALID_FIELD_FOR_INSERT_UPDATE",
                            "Record ID: cannot specify Id in an insert call", "Id");
                }
                values.put("Id", e.getValue());
                continue;
            }
            if (creating ? !f.createable() : !f.updateable()) {
                readOnly.add(f.name());
                continue;
            }
            values.put(f.name(), FieldValues.coerce(f, e.getValue()));
        }
        if (!readOnly.isEmpty()) {
            throw new ApiException(400, List.of(new ApiError("INVALID_FIELD_FOR_INSERT_UPDATE",
                    "Unable to create/update fields: " + String.join(", ", readOnly) + ". Please check the security"
                            + " settings of this field and verify that it is read/write for your profile or permission set.",
                    readOnly)));
        }
        return values;
    }

    private void validateValues(ObjectDef def, String selfId, Map<String, Object> values) {
        for (Map.Entry<String, Object> e : values.entrySet()) {
            FieldDef f = def.field(e.getKey());
            Object value = e.getValue();
            if (value == null || f == null) {
                continue;
            }
            if (value instanceof String s && f.type().isText() && f.length() > 0
                    && s.codePointCount(0, s.length()) > f.length()) {
                throw ApiException.badRequest("STRING_TOO_LONG", f.label() + ": data value too large: " + s
                        + " (max length=" + f.length() + ")", f.name());
            }
            if (f.type() == FieldType.EMAIL && !FieldValues.isValidEmail((String) value)) {
                throw ApiException.badRequest("INVALID_EMAIL_ADDRESS", f.label() + ": invalid email address: " + value, f.name());
            }
            if (f.isPicklist() && f.restrictedPicklist()) {
                List<String> chosen = f.type() == FieldType.MULTIPICKLIST ? List.of(((String) value).split(";")) : List.of((String) value);
                for (String v : chosen) {
                    if (!f.picklistValues().contains(v)) {
                        throw ApiException.badRequest("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                                f.label() + ": bad value for restricted picklist field: " + value, f.name());
                    }
                }
            }
            if (f.type() == FieldType.REFERENCE) {
                e.setValue(validateReference(f, (String) value));
            }
            if (f.unique() && value instanceof String s) {
                for (StoredRecord r : textCandidates(def, f.name(), s)) {
                    Object other = r.get(f.name());
                    if (!r.deleted() && !r.id().equals(selfId) && other != null && other.toString().equalsIgnoreCase(s)) {
                        throw duplicateValue(f.name(), r.id());
                    }
                }
            }
        }
    }

    /**
     * A real org's wording: the colliding record's 15-character id, or {@code <unknown>} when the running user cannot
     * see that record. The fields array names the field (not documented; kept as the emulator had it).
     */
    private ApiException duplicateValue(String field, String otherId) {
        String shown = duplicateRecordVisible ? otherId.substring(0, 15) : "<unknown>";
        return ApiException.badRequest("DUPLICATE_VALUE", "duplicate value found: " + field
                + " duplicates value on record with id: " + shown, field);
    }

    private String validateReference(FieldDef f, String value) {
        String id = SalesforceIds.normalize(value);
        if (id == null) {
            throw ApiException.badRequest("MALFORMED_ID", f.label() + ": id value of incorrect type: " + value, f.name());
        }
        ObjectDef target = schema.objectForPrefix(SalesforceIds.prefix(id));
        if (target == null || !f.referenceTo().contains(target.name())) {
            throw ApiException.badRequest("FIELD_INTEGRITY_EXCEPTION", f.label() + ": id value of incorrect type: " + value, f.name());
        }
        StoredRecord record = tables.get(target.name()).get(id);
        if (record == null || record.deleted()) {
            throw ApiException.badRequest("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", f.name());
        }
        return id;
    }

    /**
     * Person Accounts, simplified: an Account written with a LastName is a person account (a real org decides by
     * record type), named after the person, with IsPersonAccount set. No person contact is created, so
     * PersonContactId stays empty and Contact queries do not return person accounts.
     */
    private static void personAccount(ObjectDef def, Map<String, Object> fields) {
        if (!def.name().equals("Account") || !def.hasField("IsPersonAccount")) {
            return;
        }
        boolean person = fields.get("LastName") != null;
        fields.put("IsPersonAccount", person);
        if (person) {
            Object first = fields.get("FirstName");
            fields.put("Name", ((first == null ? "" : first + " ") + fields.get("LastName")).trim());
        }
    }

    /** Fields the org computes: full names, compound addresses and the closed flags. */
    private static void derive(ObjectDef def, Map<String, Object> fields) {
        for (FieldDef f : def.fields()) {
            if (f.type() == FieldType.ADDRESS) {
                fields.put(f.name(), address(f.name().substring(0, f.name().length() - "Address".length()), fields));
            }
        }
        FieldDef name = def.field("Name");
        if (name != null && name.calculated() && def.hasField("LastName")) {
            Object first = fields.get("FirstName");
            Object last = fields.get("LastName");
            String full = ((first == null ? "" : first + " ") + (last == null ? "" : last)).trim();
            fields.put("Name", full.isEmpty() ? null : full);
        }
        switch (def.name()) {
            case "Task" -> fields.put("IsClosed", "Completed".equals(fields.get("Status")));
            case "Case" -> fields.put("IsClosed", "Closed".equals(fields.get("Status")));
            case "Opportunity" -> fields.put("IsClosed", Set.of("Closed Won", "Closed Lost").contains(fields.get("StageName")));
            default -> {
            }
        }
    }

    /** A compound address as the REST API renders it (keys in Salesforce's order), or null when all parts are. */
    private static Map<String, Object> address(String prefix, Map<String, Object> fields) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("city", fields.get(prefix + "City"));
        out.put("country", fields.get(prefix + "Country"));
        out.put("geocodeAccuracy", null);
        out.put("latitude", fields.get(prefix + "Latitude"));
        out.put("longitude", fields.get(prefix + "Longitude"));
        out.put("postalCode", fields.get(prefix + "PostalCode"));
        out.put("state", fields.get(prefix + "State"));
        out.put("street", fields.get(prefix + "Street"));
        return out.values().stream().allMatch(java.util.Objects::isNull) ? null : java.util.Collections.unmodifiableMap(out);
    }

    private StoredRecord reindexed(StoredRecord current, Map<String, Object> fields, Instant now) {
        Map<String, Object> indexed = current.searchView(indexTime());
        return new StoredRecord(current.objectName(), current.id(), fields, searchableAt(), indexed);
    }
}
