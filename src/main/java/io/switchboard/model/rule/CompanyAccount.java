package io.switchboard.model.rule;

/**
 * For a new Contact ({@code whenNoMatch.account}): {@code match} links it to the Account named like the person's
 * company if there is one, {@code create} also creates that Account when there is none, {@code none} leaves the
 * Contact without an Account.
 */
public enum CompanyAccount implements Keyed { MATCH, CREATE, NONE }
