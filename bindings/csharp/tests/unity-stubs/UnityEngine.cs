// Just enough of UnityEngine.dll to compile the Unity package's scripts and sample outside Unity
// (run-tests.sh: a compile check with Unity's defines). Not shipped.
using System;

namespace UnityEngine
{
    public class Object
    {
    }

    public class Component : Object
    {
    }

    public class Behaviour : Component
    {
    }

    public class MonoBehaviour : Behaviour
    {
    }

    public static class Debug
    {
        public static void Log(object message) { Console.WriteLine(message); }
        public static void LogWarning(object message) { Console.WriteLine(message); }
        public static void LogError(object message) { Console.WriteLine(message); }
    }
}

namespace AOT
{
    // UnityEngine.CoreModule declares this attribute; the wrapper uses Unity's under UNITY_5_3_OR_NEWER.
    [AttributeUsage(AttributeTargets.Method)]
    public class MonoPInvokeCallbackAttribute : Attribute
    {
        public MonoPInvokeCallbackAttribute(Type type)
        {
        }
    }
}
