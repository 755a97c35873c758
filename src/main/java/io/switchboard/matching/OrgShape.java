package io.switchboard.matching;

/**
 * What the org offers that changes the queries: Person Accounts (Account.IsPersonAccount and the Person* fields
 * exist only in orgs that enabled them; there, a person account's contact also shows up as a Contact).
 */
record OrgShape(boolean personAccounts, boolean contactsFlagPersonAccounts) {
}
