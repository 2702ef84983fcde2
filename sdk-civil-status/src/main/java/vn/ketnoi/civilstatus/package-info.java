/**
 * The civil-status client: birth, marriage and death registrations of the electronic
 * civil-status database (Ministry of Justice; Law on Civil Status 2014, Decree 87/2020), certified
 * extracts ("trích lục") verified as provider-signed documents, and the registration of births
 * and deaths. A thin module on {@code sdk-exchange}: no transport, key or token code of its own;
 * {@code docs/civil-status.md}.
 */
package vn.ketnoi.civilstatus;
