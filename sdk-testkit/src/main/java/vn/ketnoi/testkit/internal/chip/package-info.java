/** The sandbox's chips: a test CSCA, document signers, and the files of synthetic citizens' cards. */
package vn.ketnoi.testkit.internal.chip;
