package io.switchboard.benchmark;

/**
 * Someone the workload's events are about.
 *
 * @param kind        whether the seeded org knows them, and as what
 * @param index       position in its list; keeps emails and phone numbers unique
 * @param phone       E.164, as the phone system reports it
 * @param storedPhone the same number as a person typed it into Salesforce (several formats), null if unknown
 * @param company     their company's name (Accounts for Contacts, the Company field for Leads)
 */
record Person(Kind kind, int index, String firstName, String lastName, String email, String phone,
              String storedPhone, boolean phoneIsMobile, String company) {

    enum Kind { CONTACT, LEAD, UNKNOWN }

    String name() {
        return firstName + " " + lastName;
    }

    boolean known() {
        return kind != Kind.UNKNOWN;
    }
}
