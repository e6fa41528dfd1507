// Package signing holds Sepakat's PDF work: checking uploaded PDFs today;
// typesetting, stamping, merging and signing agreements as the signing stage
// grows. It is the only package that imports pdfcpu.
package signing
