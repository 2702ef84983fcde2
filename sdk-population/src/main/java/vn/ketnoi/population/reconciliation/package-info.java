/**
 * Reconciliation of an agency's own register against the population database ("clean your
 * data", {@code docs/reconciliation.md}): {@link vn.ketnoi.population.reconciliation.Reconciler}
 * streams the register through batch verifications, writes a report per record and per field
 * in CSV and JSON Lines, holds only a bounded window of records, and resumes after a crash from a
 * checkpoint file. {@link vn.ketnoi.population.reconciliation.ReconcileCommand} runs it from the
 * command line.
 */
package vn.ketnoi.population.reconciliation;
