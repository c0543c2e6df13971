package dev.prism.cli;
public class Main { public static void main(String[] a){} }
