// Package signing holds Sepakat's PDF work: checking uploaded PDFs today;
// typesetting, stamping, merging and signing agreements as the signing stage
// grows. It is the only package that imports pdfcpu.
//
// Electronic signatures: Sign adds a detached PKCS#7 signature
// (adbe.pkcs7.detached) as an incremental update with digitorus/pdfsign,
// optionally with a visible block on the last page; VerifyPDF reports every
// signature of a file (signer, time, intact, trusted); ReadP12 and
// NewSelfSigned give the certificate. Sign last: a stamp or merge after
// signing breaks the signature.
//
// Invitations: WriteICS writes the .ics (RFC 5545) of in-person signings:
// one event or a whole calendar feed, with the office's VTIMEZONE, a stable
// UID and a rising SEQUENCE per revision, CRLF lines folded at 75 octets.
package signing
