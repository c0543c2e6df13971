/** Prism's scene maps and studies on Apache Spark. */
package dev.prism.spark;
