// Prints the library name the wrapper's P/Invokes use (NativeMethods.Lib) in a compiled assembly.
// run-tests.sh uses it to check the "__Internal" selection under Unity's iOS defines.
using System;
using System.Reflection;

internal static class LibName
{
    private static int Main(string[] args)
    {
        var type = Assembly.LoadFrom(args[0]).GetType("StsKit.NativeMethods", true);
        var field = type.GetField("Lib", BindingFlags.NonPublic | BindingFlags.Static);
        Console.WriteLine(field.GetRawConstantValue());
        return 0;
    }
}
