/** The sandbox's service catalogue: its services, their operations and JSON Schemas. Not public API. */
package vn.ketnoi.testkit.internal.catalogue;
