/** SMORE: self-supervised through-plane super-resolution trained on the image's own in-plane slices (docs/smore.md). */
package org.espreso.smore;
