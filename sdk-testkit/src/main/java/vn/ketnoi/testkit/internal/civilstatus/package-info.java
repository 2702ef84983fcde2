/** The sandbox's civil-status provider (the Ministry of Justice's register, synthetic) and the service catalogue. Not public API. */
package vn.ketnoi.testkit.internal.civilstatus;
